#pragma once
// docs/parameters.md, generated from the parameter tables
// (`panopticon params --markdown`); a test fails when the file is stale.
#include <string>

namespace panopticon {

std::string parameters_markdown();
std::string parameters_text();  // the plain listing of `panopticon params`

}  // namespace panopticon
