#include "panopticon/run_output.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "panopticon/compliance.hpp"
#include "panopticon/engine.hpp"
#include "panopticon/metrics.hpp"
#include "panopticon/parameter_table.hpp"
#include "panopticon/tick_table.hpp"
#include "panopticon/version.hpp"

namespace panopticon {

namespace {

nlohmann::ordered_json to_json(const MeanSd& m) {
  nlohmann::ordered_json j;
  j["n"] = m.n;
  j["mean"] = m.mean ? nlohmann::ordered_json(*m.mean) : nlohmann::ordered_json(nullptr);
  j["sd"] = m.sd ? nlohmann::ordered_json(*m.sd) : nlohmann::ordered_json(nullptr);
  return j;
}

nlohmann::ordered_json to_json(const ParamValue& v) {
  struct Visitor {
    nlohmann::ordered_json operator()(bool b) const { return b; }
    nlohmann::ordered_json operator()(std::int64_t i) const { return i; }
    nlohmann::ordered_json operator()(double d) const {
      if (std::isinf(d)) return "inf";
      return d;
    }
    nlohmann::ordered_json operator()(const std::string& s) const { return s; }
    nlohmann::ordered_json operator()(const Schedule& s) const {
      nlohmann::ordered_json j;
      j["schedule"] = std::string(to_string(s.kind));
      if (s.kind == ScheduleKind::kPoints) {
        j["ticks"] = s.ticks;
        j["values"] = s.values;
        return j;
      }
      j["initial"] = s.initial;
      if (s.kind == ScheduleKind::kConstant) return j;
      j["final"] = s.final;
      j["start"] = s.start;
      if (s.kind == ScheduleKind::kRamp) j["end"] = s.end;
      return j;
    }
  };
  return std::visit(Visitor{}, v);
}

}  // namespace

std::string summary_json(const RunSummary& s, const Model* model) {
  nlohmann::ordered_json j;
  j["ticks"] = s.ticks;
  j["outburst_threshold"] = s.outburst_threshold;
  j["outbursts"] = s.outbursts.size();
  j["waiting_time"] = to_json(s.waiting_time);
  j["activation_per_outburst"] = to_json(s.activation);
  j["outburst_duration"] = to_json(s.duration);
  j["peak_active"] = s.peak_active;
  j["peak_active_tick"] = s.peak_active_tick;
  j["final_active"] = s.final_active;
  j["final_jailed"] = s.final_jailed;
  j["total_arrests"] = s.total_arrests;
  auto list = nlohmann::ordered_json::array();
  for (const Outburst& o : s.outbursts) {
    list.push_back(
        {{"start", o.start}, {"end", o.end}, {"activation", o.activation}, {"peak", o.peak}});
  }
  j["outburst_list"] = list;
  if (model != nullptr && model->compliance() != nullptr) {
    nlohmann::ordered_json layer;
    const auto& specs = metric_specs();
    for (const TickWindow& w : summary_windows(model->scenario(), s.ticks)) {
      const std::vector<double> values =
          window_metrics(model->results(), headcount_of(*model), model->scenario(), w);
      nlohmann::ordered_json table;
      table["first_tick"] = w.first;
      table["last_tick"] = w.last;
      for (std::size_t i = 0; i < specs.size(); ++i) {
        table[specs[i].name] = std::isnan(values[i]) ? nlohmann::ordered_json(nullptr)
                                                     : nlohmann::ordered_json(values[i]);
      }
      layer[w.name] = table;
    }
    j["compliance"] = layer;
  }
  return j.dump(2) + "\n";
}

std::string metadata_json(const Scenario& scenario, const std::vector<Override>& overrides) {
  nlohmann::ordered_json j;
  j["program"] = "panopticon";
  j["version"] = kVersion;
  j["scenario_file"] = scenario.source;
  j["seed"] = scenario.seed;
  j["rule_set"] = std::string(to_string(scenario.rule_set_name));
  auto sets = nlohmann::ordered_json::array();
  for (const Override& o : overrides) sets.push_back(o.key + "=" + o.value);
  j["overrides"] = sets;
  nlohmann::ordered_json params;
  for (const auto& section : model_sections()) {
    nlohmann::ordered_json table = nlohmann::ordered_json::object();
    for (const auto& spec : model_parameters()) {
      if (!spec.name.starts_with(section.name + ".")) continue;
      table[spec.name.substr(section.name.size() + 1)] =
          to_json(scenario.params.values.at(spec.name));
    }
    params[section.name] = table;
  }
  j["parameters"] = params;
  return j.dump(2) + "\n";
}

RunOutput::RunOutput(std::filesystem::path directory, const Scenario& scenario,
                     std::vector<Override> overrides)
    : directory_(std::move(directory)), scenario_(scenario), overrides_(std::move(overrides)) {
  std::filesystem::create_directories(directory_);
  ticks_ = std::make_unique<AtomicFile>(directory_ / kTicksFile, directory_ / kTicksPartialFile,
                                        std::nullopt);
  ticks_->write(tick_table_header(results_for(scenario).columns()));
}

RunOutput::RunOutput(std::filesystem::path directory, const Scenario& scenario,
                     std::vector<Override> overrides, std::uint64_t ticks_bytes)
    : directory_(std::move(directory)), scenario_(scenario), overrides_(std::move(overrides)) {
  ticks_ = std::make_unique<AtomicFile>(directory_ / kTicksFile, directory_ / kTicksPartialFile,
                                        ticks_bytes);
}

void RunOutput::record(const Model& model) {
  ticks_->write(tick_table_row(model.tick(), model.results().last_row()));
  ticks_->flush();  // a finished tick is never lost with the process
}

RunSummary RunOutput::finish(const Model& model) {
  RunSummary summary = summarize(
      model.results(), scenario_.outburst_actives(static_cast<double>(model.citizen_count())));
  write_file_atomically(directory_ / "summary.json", summary_json(summary, &model));
  write_file_atomically(directory_ / "metadata.json", metadata_json(scenario_, overrides_));
  ticks_->commit();
  std::error_code ignored;
  std::filesystem::remove(directory_ / kCheckpointFile, ignored);
  return summary;
}

}  // namespace panopticon
