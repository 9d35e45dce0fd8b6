# The Python module: python/panopticon/ (the package's Python files) and
# its extension _panopticon (src/python/), assembled in
# ${CMAKE_BINARY_DIR}/python/panopticon, so that
#   PYTHONPATH=build/python /usr/bin/python3 -c "import panopticon"
# works from the build tree (docs/python.md).
set(panopticon_python_dir ${CMAKE_BINARY_DIR}/python/panopticon)

pybind11_add_module(_panopticon NO_EXTRAS
  src/python/module.cpp
  src/python/errors.cpp
  src/python/scenario_input.cpp
  src/python/simulation.cpp
  src/python/experiments.cpp
)
target_include_directories(_panopticon PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/apps)
target_link_libraries(_panopticon PRIVATE panopticon_cli_common panopticon_registry
  panopticon_warnings)
set_target_properties(_panopticon PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${panopticon_python_dir})

file(GLOB panopticon_python_files CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/python/panopticon/*.py
  ${PROJECT_SOURCE_DIR}/python/panopticon/*.pyi
  ${PROJECT_SOURCE_DIR}/python/panopticon/py.typed)
set(panopticon_python_copies)
foreach(file ${panopticon_python_files})
  get_filename_component(name ${file} NAME)
  add_custom_command(OUTPUT ${panopticon_python_dir}/${name}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${file} ${panopticon_python_dir}/${name}
    DEPENDS ${file} COMMENT "python/panopticon/${name}")
  list(APPEND panopticon_python_copies ${panopticon_python_dir}/${name})
endforeach()
add_custom_target(panopticon_python_files ALL DEPENDS ${panopticon_python_copies})
add_dependencies(_panopticon panopticon_python_files)
