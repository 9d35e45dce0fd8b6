#pragma once
// The viewer's page (web/viewer/), built into the program by
// cmake/EmbedFiles.cmake.
#include <span>
#include <string_view>

namespace panopticon {

struct EmbeddedFile {
  std::string_view path;  // "/viewer.js"
  std::string_view content_type;
  std::string_view body;
};

std::span<const EmbeddedFile> viewer_files();

}  // namespace panopticon
