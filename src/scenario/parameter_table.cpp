#include "panopticon/parameter_table.hpp"

#include <algorithm>
#include <tuple>

#include "panopticon/mechanism.hpp"

namespace panopticon {

namespace {

std::vector<ParameterSection> build_sections() {
  std::vector<ParameterSection> s = {
      {"model", "the run as a whole"},
      {"lattice", "the torus the agents live on"},
      {"citizens", "Epstein's agents: grievance, risk and rule A"},
      {"cops", "Epstein's cops: vision, density and its schedule (rule C)"},
      {"legitimacy", "the regime's legitimacy L and its schedule"},
      {"jail", "jail terms"},
      {"rules",
       "the items on which the paper, NetLogo and Mesa differ; each defaults to "
       "the rule-set's choice"},
      {"outputs", "what a run writes"},
      {"dissent",
       "the dissent layer: private dissent, the DISSENT behaviour and the fear of being recorded "
       "(mechanisms.md, section 1)"},
      {"perception",
       "what citizens believe about being recorded and sanctioned: a fixed belief, or one "
       "learned from the sanctions they witness (docs/MODEL.md, Perception)"},
      {"network", "the citizens' social network (small world), built when a mechanism uses it"},
      {"crime",
       "ordinary offences under the dissent layer, and their detection by cops and cameras: the "
       "public safety the systems are sold on (docs/MODEL.md, Public safety)"},
      {"costs", "unit costs for the cost accounting (mechanisms.md, section 4)"},
  };
  for (const MechanismInfo& m : mechanism_registry()) {
    s.push_back({m.name, "mechanism: " + m.title + " (docs/mechanisms/" + m.name + ".md)"});
  }
  return s;
}

const std::vector<ParameterSection>& sections() {
  static const std::vector<ParameterSection> s = build_sections();
  return s;
}

const std::string kFromRuleSet = "from the rule-set (see docs/MODEL.md, Rule-sets)";
const std::string kEpstein = "Epstein 2002 [S51]";
const std::string kNetLogo = "NetLogo Rebellion (Wilensky 2004)";
const std::string kChoiceNote = "modelling choice";

std::vector<ParamSpec> build() {
  using T = ParamType;
  std::vector<ParamSpec> p;
  p.push_back(
      param_choice("model.ruleset", std::string("netlogo"), {"paper", "netlogo", "mesa"},
                   "which implementation's rules to follow; each item can be overridden in [rules]",
                   "epstein-2002.md section 2"));
  p.push_back(param_number("model.steps", T::kInt, std::int64_t{1000}, 0, 1e9, "ticks",
                           "number of ticks to run", kChoiceNote));
  p.push_back(
      param_number("model.seed", T::kInt, std::int64_t{1}, 0, 9.0e18, "",
                   "seed of every random stream; a draw is a function of seed, stream, tick, "
                   "agent slot and purpose",
                   kChoiceNote));
  p.push_back(param_choice(
      "model.activation", std::string("random_sequential"), {"random_sequential", "synchronous"},
      "random_sequential: every tick a fresh uniformly random order of all "
      "agents, each updated in turn on the current state (Epstein, NetLogo, Mesa); "
      "synchronous: every agent acts on the state the previous phase left, "
      "conflicts go to the lowest random key, runs on every core with the same "
      "result for any thread count (docs/MODEL.md, Synchronous activation)",
      kEpstein));
  p.push_back(
      param_number("model.threads", T::kInt, std::int64_t{0}, 0, 1024, "threads",
                   "threads for synchronous activation; 0: one per core. Results do not depend "
                   "on it",
                   kChoiceNote));

  p.push_back(param_choice(
      "model.compliance_layer", std::string("auto"), {"auto", "always"},
      "auto: the compliance layer (the dissent layer and the mechanisms) runs when dissent.enabled "
      "or a mechanism is enabled; always: also when nothing is, so that mechanisms can be "
      "adopted while the model runs (Model::adopt) and counterfactual pairs share one results "
      "table. With nothing in it the layer gives exactly Model I's counts",
      kChoiceNote));

  p.push_back(param_number("lattice.width", T::kInt, std::int64_t{40}, 1, 1e6, "cells",
                           "width of the torus", kEpstein));
  p.push_back(param_number("lattice.height", T::kInt, std::int64_t{40}, 1, 1e6, "cells",
                           "height of the torus", kEpstein));

  p.push_back(param_number("citizens.density", T::kFloat, 0.7, 0, 1, "per cell",
                           "citizens per cell at the start", kEpstein));
  p.push_back(param_number("citizens.vision", T::kFloat, 7.0, 0, 100, "cells",
                           "radius v of what a citizen sees (shape: rules.vision_shape)",
                           kEpstein));
  p.push_back(param_number("citizens.k", T::kFloat, 2.3, 0, 1000, "",
                           "arrest-probability constant: P = 1 - exp(-k ratio(C, A)); 2.3 gives "
                           "P = 0.9 at C = A = 1",
                           kEpstein));
  p.push_back(param_number("citizens.threshold", T::kFloat, 0.1, -1, 1, "",
                           "T: active when G - R P > T", kEpstein));
  p.push_back(param_flag("citizens.movement", true,
                         "citizens move to a random empty cell in vision every tick (rule M)",
                         kEpstein));

  p.push_back(param_number("cops.density", T::kFloat, 0.04, 0, 1, "per cell",
                           "cops per cell at the start", kEpstein));
  p.back().live = true;  // Model::set_parameter: the density from the next tick on
  p.push_back(param_number("cops.vision", T::kFloat, 7.0, 0, 100, "cells",
                           "radius v* within which a cop looks for actives", kEpstein));
  p.push_back(
      param_choice("cops.schedule", std::string("constant"), {"constant", "ramp", "step"},
                   "how cop density changes: constant; ramp from cops.density at cops.start to "
                   "cops.final_density at cops.end; step to cops.final_density at cops.start. "
                   "Cops removed are chosen at random; cops added go to random empty cells",
                   "Epstein 2002, Run 5 [S51]"));
  p.push_back(param_number("cops.final_density", T::kFloat, 0.0, 0, 1, "per cell",
                           "cop density after the ramp or step", kEpstein));
  p.push_back(param_number("cops.start", T::kInt, std::int64_t{0}, 0, 1e9, "tick",
                           "tick where the ramp or step begins", kChoiceNote));
  p.push_back(param_number("cops.end", T::kInt, std::int64_t{0}, 0, 1e9, "tick",
                           "tick where the ramp ends", kChoiceNote));

  p.push_back(
      param_choice("legitimacy.schedule", std::string("constant"), {"constant", "ramp", "step"},
                   "how L changes: constant at legitimacy.initial; ramp from initial at "
                   "legitimacy.start to final at legitimacy.end; step to final at legitimacy.start",
                   "Epstein 2002, Runs 3 and 4 [S51]"));
  p.push_back(param_number("legitimacy.initial", T::kFloat, 0.82, 0, 1, "",
                           "L at the start (throughout when constant)", kNetLogo));
  p.back().live = true;  // Model::set_parameter: L from the next tick on
  p.push_back(param_number("legitimacy.final", T::kFloat, 0.82, 0, 1, "",
                           "L after the ramp or step", kEpstein));
  p.push_back(param_number("legitimacy.start", T::kInt, std::int64_t{0}, 0, 1e9, "tick",
                           "tick where the ramp or step begins", kEpstein));
  p.push_back(param_number("legitimacy.end", T::kInt, std::int64_t{0}, 0, 1e9, "tick",
                           "tick where the ramp ends", kEpstein));

  p.push_back(param_number("jail.max_term", T::kIntOrInfinite, 30.0, 0, 1e9, "ticks",
                           "J_max; a term is a whole number drawn uniformly from a range set by "
                           "rules.jail_term_range; inf jails for the rest of the run",
                           kEpstein));

  p.push_back(param_choice("rules.vision_shape", std::nullopt,
                           {"von_neumann", "moore", "euclidean"},
                           "shape of vision for citizens and cops and of the move neighbourhood",
                           "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(param_flag("rules.vision_includes_own_cell", std::nullopt,
                         "whether an agent's own cell is part of its neighbourhood",
                         "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(
      param_choice("rules.self_count", std::nullopt, {"once", "twice_if_active"},
                   "how the agent itself enters A: once (A = 1 + other actives) or "
                   "twice_if_active (NetLogo: A = 1 + actives on the neighbourhood cells, own "
                   "cell included)",
                   "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(
      param_choice("rules.ratio", std::nullopt, {"floor", "round_half_even", "literal"},
                   "how C/A enters P: floor (NetLogo), round_half_even (Mesa), literal (paper)",
                   "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(param_choice("rules.order", std::nullopt, {"move_then_act", "act_then_move"},
                           "whether an agent moves before or after it decides or arrests",
                           "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(
      param_choice("rules.placement", std::nullopt, {"exact", "binomial"},
                   "exact: round(density x cells) of each kind, cops placed first; binomial: "
                   "each cell independently a citizen, a cop or empty",
                   "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(
      param_choice("rules.jail_term_range", std::nullopt, {"below_max", "up_to_max"},
                   "jail term drawn uniformly from 0..J_max-1 (below_max) or 0..J_max (up_to_max)",
                   "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(
      param_choice("rules.jail_countdown", std::nullopt, {"end_of_tick", "own_activation"},
                   "when a jail term counts down: at the end of every tick, the arrest tick "
                   "included, or at the prisoner's own activation",
                   "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(param_flag("rules.jailed_block_cell", std::nullopt,
                         "whether a jailed citizen keeps its cell occupied for moves",
                         "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(param_flag("rules.cop_steps_onto_arrestee", std::nullopt,
                         "whether an arresting cop moves onto the arrestee's cell",
                         "epstein-2002.md section 2", kFromRuleSet));
  p.push_back(param_flag("rules.movement_applies_to_cops", std::nullopt,
                         "whether citizens.movement = false also stops cops (Mesa) or cops always "
                         "move (NetLogo)",
                         "epstein-2002.md section 2", kFromRuleSet));

  p.push_back(param_number(
      "outputs.outburst_threshold", T::kInt, std::int64_t{50}, 0, 1e12, "citizens",
      "an outburst is a maximal run of ticks with more actives than this, per 1,120 citizens "
      "(outputs.outburst_scale = \"population\": 50 on Epstein's 1,120, 312 on 7,000) or as "
      "it stands (\"absolute\"). One definition for every output: the run's summary, the "
      "layer's metrics and compare (docs/outputs.md)",
      "Epstein 2002, Fig. 5 [S51]"));
  p.push_back(param_choice(
      "outputs.outburst_scale", std::string("population"), {"population", "absolute"},
      "whether outputs.outburst_threshold is scaled to the population (the threshold in "
      "actives is floor(threshold x citizens / 1,120), so an outburst means the same share of "
      "the society on any lattice) or counts actives as it stands",
      kChoiceNote));
  p.push_back(
      param_number("outputs.short_window", T::kInt, std::int64_t{100}, 1, 1e9, "ticks",
                   "the short-term window of summaries and counterfactual pairs: this many ticks "
                   "from the adoption tick (the earliest start_tick of an enabled mechanism; "
                   "tick 1 when they start at 0)",
                   kChoiceNote));
  p.push_back(param_number("outputs.long_window", T::kInt, std::int64_t{100}, 1, 1e9, "ticks",
                           "the long-term window: the last this many ticks of the run (none "
                           "before the adoption tick)",
                           kChoiceNote));

  p.push_back(param_number("citizens.minority_share", T::kFloat, 0.1, 0, 1, "share",
                           "share of citizens in the minority group (face-recognition error "
                           "differentials, group targeting); drawn from the layer's own stream",
                           "mechanisms.md section 1 (modelling default)"));
  p.push_back(
      param_flag("dissent.enabled", false,
                 "the dissent layer: citizens who are not active but whose grievance exceeds "
                 "the dissent threshold express DISSENT unless they fear being recorded. Off "
                 "with every mechanism off: exactly Model I",
                 "mechanisms.md section 1"));
  p.push_back(param_number("dissent.threshold", T::kFloat, 0.03, 0, 1, "",
                           "T_d: DISSENT when G - R P_d > T_d",
                           "mechanisms.md section 1 (modelling default)"));
  p.push_back(param_number("dissent.sanction_weight", T::kFloat, 1.0, 0, 100, "",
                           "weight of a recorded dissent in the perceived risk: P_d = weight x the "
                           "chance of being recorded by the channels the agent perceives",
                           kChoiceNote));
  p.push_back(param_choice(
      "dissent.state_knowledge", std::string("recorded"), {"recorded", "legacy"},
      "recorded: the state knows only what its sensors record (contacts only through telecom "
      "records and location logs; confined citizens earn no rewards and are never the target of "
      "a false match); legacy: the layer before issue 11 (the platform and guilt by association "
      "read the true social network, confinement leaks), to reproduce earlier results",
      "mechanisms.md section 2 (the state knows what it records)"));
  p.push_back(param_number(
      "dissent.shift_decay", T::kFloat, 0.005, 0, 1, "per tick",
      "share of each citizen's lasting legitimacy shift (narratives, backlash, erosion) that "
      "fades every tick, so that no shift lasts for ever (0: shifts never fade, as before issue "
      "11); 0.005 is a memory of about 200 ticks",
      "modelling default (unsourced; its sensitivity is in docs/FINDINGS.md)"));
  {
    ParamSpec shift = param_number(
        "dissent.hardship_shift", T::kFloat, 0.0, -1, 1, "",
        "added to every citizen's hardship H under the compliance layer (the sum kept within 0 and "
        "1): a country's economic "
        "hardship against the uniform draw, and what a world's financing and debt service do to "
        "it (docs/mechanisms/export.md); 0: H as drawn",
        "modelling choice (a country's value is in its scenario file, with its source)");
    shift.schedulable = true;
    shift.live = true;
    p.push_back(shift);
  }
  p.push_back(param_choice(
      "perception.mode", std::string("learned"), {"learned", "fixed"},
      "learned: each citizen's perceived chance of being sanctioned for DISSENT and for ACTIVE "
      "is the rate of sanctions per act it witnesses, from a prior set by the surveillance it "
      "sees; fixed: the belief is the prior alone (s = cameras.deterrence x tpr, P_d = "
      "dissent.sanction_weight x the recording chance), as before issue 11",
      "docs/MODEL.md, Perception (Beta-Bernoulli estimate with forgetting)"));
  p.push_back(param_number(
      "perception.prior_strength", T::kFloat, 10.0, 0, 1e9, "witnessed acts",
      "weight of the prior, in witnessed acts: the belief is (strength x prior + sanctions "
      "seen) / (strength + acts seen); 10 lets about ten witnessed acts without sanction halve "
      "a camera's deterrence",
      "modelling default (unsourced; its sensitivity is in docs/FINDINGS.md)"));
  p.push_back(param_number(
      "perception.learning_rate", T::kFloat, 0.01, 0, 1, "per tick",
      "share of the witnessed counts forgotten every tick (the memory is about 1 / rate ticks; "
      "0: never forgets). 0.01, a memory of about 100 ticks, spans several outbursts of Run 2 "
      "(waits of 20 to 40 ticks), so a belief about ACTIVE rests on more than the last one",
      "modelling default (unsourced; its sensitivity is in docs/FINDINGS.md)"));
  // [crime]: ordinary offences under the layer (include/panopticon/crime.hpp).
  const auto crime = [&p](const std::string& key, double def, double max, const std::string& unit,
                          const std::string& what, const std::string& source) {
    ParamSpec spec =
        param_number("crime." + key, ParamType::kFloat, def, 0, max, unit, what, source);
    spec.schedulable = true;
    spec.live = true;
    p.push_back(spec);
  };
  crime("rate", 0.001, 1, "per citizen-tick",
        "chance that a citizen at liberty of mean hardship, undeterred, commits an ordinary "
        "(property or street) offence in a tick; 0 turns offences off. 0.001 is about 52 "
        "offences per 1,000 citizens per year at 52 ticks a year, the order of recorded "
        "property crime in European countries",
        "illustrative (no source in domain-facts.md gives it)");
  crime("hardship_weight", 0.5, 1, "",
        "how much hardship raises the offence rate: the rate is multiplied by 1 - w + 2 w H "
        "(from 1 - w at H = 0 to 1 + w at H = 1; 1 on average over uniform H)",
        "modelling default (unsourced)");
  crime("deterrence", 1.0, 10, "",
        "k: a citizen offends with the rate times max(0, 1 - k R d), R its risk aversion and d "
        "the chance that an offence where it stands is detected. 1: the offender weighs the "
        "detection chance by its risk aversion and nothing more",
        "modelling default (unsourced)");
  crime("base_detection", 0.1, 1, "",
        "chance that an offence is detected without a cop or a camera in sight (victims' "
        "reports, later investigation); of the order of property-crime clearance rates",
        "illustrative (no source in domain-facts.md gives it)");
  crime("cop_detection", 0.02, 1, "per cop",
        "chance that each cop within the offender's vision detects the offence",
        "illustrative (no source in domain-facts.md gives it)");
  crime("camera_identification", 0.4, 1, "",
        "chance that a camera which records the offender (tpr on a covered cell) also "
        "identifies the offence; calibrated so that cameras cut offences on covered cells by "
        "16% in scenarios/validation/cctv-overall.toml (-16.3% +/- 0.8% over 20 seeds), Welsh "
        "and Farrington's pooled effect [S42] (docs/VALIDATION.md, CCTV)",
        "calibrated to [S42] (docs/VALIDATION.md)");
  p.push_back(param_number(
      "model.ticks_per_year", T::kInt, std::int64_t{52}, 1, 1e6, "ticks",
      "ticks in a calendar year: a cost per year is spent 1 / ticks_per_year of it per tick, "
      "and results per year are per tick x this. 52 (a tick a week) keeps "
      "ijop.detention_ticks = 100 at about two years, above the one-year minimum of [S23]",
      "modelling choice"));
  p.push_back(param_number("network.degree", T::kInt, std::int64_t{10}, 2, 1000, "contacts",
                           "mean number of contacts (ring degree before rewiring)",
                           "Watts and Strogatz 1998 (modelling default)"));
  p.push_back(param_number("network.rewire", T::kFloat, 0.1, 0, 1, "",
                           "probability that a ring link is rewired to a random citizen",
                           kChoiceNote));
  // [costs]: unit costs in US dollars. A cost per year is spent per tick as
  // 1 / model.ticks_per_year of it; a cost per event when it happens.
  const std::string kIllustrative = "illustrative (no source gives it)";
  const auto cost = [&p](const std::string& key, double def, const std::string& unit,
                         const std::string& what, const std::string& source) {
    p.push_back(param_number("costs." + key, ParamType::kFloat, def, 0, 1e12, unit,
                             "unit cost of " + what, source));
  };
  cost("cop", 15000.0, "US$ per cop-year", "a cop on duty (pay and kit)", kIllustrative);
  cost("jail", 5000.0, "US$ per person-year", "a citizen in jail", kIllustrative);
  cost("detention", 5000.0, "US$ per person-year", "a citizen in detention", kIllustrative);
  cost("camera", 9300.0, "US$ per camera-year",
       "a camera with its share of the command centres and their staff",
       "[S32]: ECU-911's 4,300 cameras, 16 centres and staff cost over US$200 M, about US$46,500 "
       "a camera, spread over an illustrative life of 5 years");
  cost("monitored_link", 1.0, "US$ per link-year", "monitoring one network link", kIllustrative);
  cost("card_holder", 2.0, "US$ per holder-year", "keeping one card and its records",
       kIllustrative);
  cost("card_benefit", 10.0, "US$ per benefit",
       "one card benefit paid, its money value (one tick's benefit)", kIllustrative);
  cost("investigation", 200.0, "US$ per investigation", "one platform investigation",
       kIllustrative);
  cost("cop_technology", 3000.0, "US$ per cop-year",
       "policing technology per cop at tech_level 1 (scaled by tech_level)", kIllustrative);
  cost("listing", 20.0, "US$ per listed citizen-year",
       "keeping a citizen on the social credit blacklist and enforcing it", kIllustrative);
  cost("report", 20.0, "US$ per report", "taking in and following up one denunciation",
       kIllustrative);
  cost("public_event", 500.0, "US$ per event", "staging one public punishment", kIllustrative);
  cost("exposure", 0.05, "US$ per exposure", "reaching one citizen with a narrative",
       kIllustrative);
  for (const MechanismInfo& m : mechanism_registry()) {
    p.insert(p.end(), m.parameters.begin(), m.parameters.end());
  }
  return p;
}

}  // namespace

ParamSpec param_choice(std::string name, std::optional<ParamValue> def,
                       std::vector<std::string> choices, std::string description,
                       std::string source, std::string note) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamType::kChoice;
  s.default_value = std::move(def);
  s.choices = std::move(choices);
  s.description = std::move(description);
  s.source = std::move(source);
  s.default_note = std::move(note);
  return s;
}

ParamSpec param_number(std::string name, ParamType type, ParamValue def, double min, double max,
                       std::string unit, std::string description, std::string source) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(def);
  s.min = min;
  s.max = max;
  s.unit = std::move(unit);
  s.description = std::move(description);
  s.source = std::move(source);
  return s;
}

ParamSpec param_flag(std::string name, std::optional<ParamValue> def, std::string description,
                     std::string source, std::string note) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamType::kBool;
  s.default_value = std::move(def);
  s.description = std::move(description);
  s.source = std::move(source);
  s.default_note = std::move(note);
  return s;
}

std::span<const ParameterSection> model_sections() {
  return sections();
}

std::span<const ParamSpec> model_parameters() {
  static const std::vector<ParamSpec> table = build();
  return table;
}

const ParamSpec* find_parameter(std::string_view name) {
  for (const auto& spec : model_parameters()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> similar_parameter_names(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  // Keys of the same table first: `social_credit.enable` means
  // social_credit.enabled, not cameras.enabled.
  std::vector<std::tuple<bool, std::size_t, std::string>> scored;
  const std::string_view section = dot == std::string_view::npos ? "" : name.substr(0, dot);
  const std::string_view leaf = dot == std::string_view::npos ? name : name.substr(dot + 1);
  for (const auto& spec : model_parameters()) {
    const std::size_t spec_dot = spec.name.rfind('.');
    const std::string_view spec_section = std::string_view(spec.name).substr(0, spec_dot);
    const std::string_view spec_leaf = std::string_view(spec.name).substr(spec_dot + 1);
    const bool other_table = spec_section != section;
    // The key alone counts only in its own table or one spelled like it:
    // `polcing.enabled` means policing.enabled, not cameras.enabled.
    const bool near_table = !other_table || edit_distance(section, spec_section) <= 2;
    const std::size_t d = std::min(edit_distance(name, spec.name),
                                   near_table ? edit_distance(leaf, spec_leaf) : name.size());
    if (d <= 2) scored.emplace_back(other_table, d, spec.name);
  }
  std::sort(scored.begin(), scored.end());
  // A match in the key's own table is the answer; others only without one.
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
    if (i > 0 && std::get<0>(scored[i]) && !std::get<0>(scored[0])) break;
    out.push_back(std::get<2>(scored[i]));
  }
  return out;
}

}  // namespace panopticon
