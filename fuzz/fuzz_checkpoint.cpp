// libFuzzer target: arbitrary bytes as the payload of a checkpoint.
//
// The harness seals the bytes with a valid header and checksum, so the
// fuzzer explores the loader itself (run record, scenario, simulation state
// of either engine) rather than the checksum, which any mutation breaks. The
// contract `panopticon resume` relies on: every input ends in a model that
// runs or in a CheckpointError (one clean line, exit status 2). Anything
// else, a crash, a leak or undefined behaviour is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "panopticon/checkpoint.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/model.hpp"
#include "panopticon/run_driver.hpp"
#include "panopticon/scenario.hpp"

namespace {

[[noreturn]] void bug(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_checkpoint: %s\n%s\n", what, detail.c_str());
  std::abort();
}

std::vector<unsigned char> sealed(const std::uint8_t* data, std::size_t size) {
  const char magic[16] = {'P', 'A', 'N', 'O', 'P', 'T', 'I', 'C',
                          'O', 'N', '-', 'C', 'K', 'P', 'T', '\0'};
  std::vector<unsigned char> file(magic, magic + sizeof magic);
  const std::uint32_t format = panopticon::kCheckpointFormat;
  const std::uint64_t length = size;
  const std::uint64_t sum = panopticon::fnv1a64(data, size);
  const auto append = [&file](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    file.insert(file.end(), b, b + n);
  };
  append(&format, sizeof format);
  append(&length, sizeof length);
  append(data, size);
  append(&sum, sizeof sum);
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    panopticon::CheckpointReader in("fuzz.bin", sealed(data, size));
    panopticon::RunRecord run = panopticon::read_run_record(in);
    run.scenario.threads = 1;  // a checkpoint may ask for 1024 threads
    // The program's order (run_driver.cpp): the state's lattice against the
    // scenario's first, then the simulation.
    panopticon::check_state_lattice(in, run.scenario);
    // A valid scenario may ask for a huge lattice that its state matches;
    // the loader would then fail on the sizes it reads, but only after
    // allocating. Stay small.
    if (static_cast<std::uint64_t>(run.scenario.width) * run.scenario.height > 100000) return 0;
    const auto model = panopticon::load_model(run.scenario, in);
    if (model->tick() < run.scenario.steps) model->step();
  } catch (const panopticon::CheckpointError& e) {
    const std::string message = e.what();
    for (const char c : message) {
      if (static_cast<unsigned char>(c) < 0x20)
        bug("control character in the error message", message);
    }
  } catch (const std::exception& e) {
    bug("exception other than CheckpointError", e.what());
  } catch (...) {
    bug("non-standard exception", "");
  }
  return 0;
}
