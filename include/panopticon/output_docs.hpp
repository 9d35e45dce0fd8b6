#pragma once
// docs/outputs.md, generated from the column and metric tables so that the
// documentation of outputs cannot disagree with what runs write.
#include <string>

namespace panopticon {

std::string outputs_markdown();

}  // namespace panopticon
