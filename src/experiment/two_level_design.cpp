#include "panopticon/two_level_design.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace panopticon {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxFactors = 20;

// A set of factors as bits: factor i is bit i. A word of the defining
// relation is the set of factors whose product is the identity column.
using FactorSet = std::uint32_t;

int length_of(FactorSet word) {
  return std::popcount(word);
}

// Above this many generator sets (or this many words to compute over
// them), an exhaustive search takes too long and a greedy one is used.
constexpr double kMaxExhaustiveSets = 2e6;
constexpr double kMaxExhaustiveWords = 268435456.0;  // 2^28
// The products a budgeted search may compute (each a word of a candidate
// set checked against the resolution): about a tenth of a second.
constexpr std::size_t kBranchAndBoundWords = 30000000;

// The word length pattern (A_1 .. A_k): how many words of each length the
// defining relation has. Minimum aberration (Fries and Hunter 1980) prefers
// the lexicographically smallest: the highest resolution, then the fewest
// words of that length, then of the next.
using WordLengthPattern = std::array<int, kMaxFactors + 1>;

// The defining relation grown one generator at a time: all products of the
// chosen generators' words, and their length pattern.
class DefiningRelation {
 public:
  explicit DefiningRelation(std::size_t generator_count) {
    words_.reserve(std::size_t{1} << generator_count);
    words_.push_back(0);  // the identity, the empty product
  }
  // Adds a generator whose word is `word` if every new product is at least
  // `resolution` long; false (and nothing added) otherwise.
  bool add(FactorSet word, int resolution) {
    const std::size_t old_count = words_.size();
    for (std::size_t i = 0; i < old_count; ++i) {
      if (length_of(words_[i] ^ word) < resolution) return false;
    }
    for (std::size_t i = 0; i < old_count; ++i) {
      const FactorSet product = words_[i] ^ word;
      words_.push_back(product);
      ++pattern_[static_cast<std::size_t>(length_of(product))];
    }
    return true;
  }
  void remove_last() {
    const std::size_t old_count = words_.size() / 2;
    for (std::size_t i = old_count; i < words_.size(); ++i) {
      --pattern_[static_cast<std::size_t>(length_of(words_[i]))];
    }
    words_.resize(old_count);
  }
  const WordLengthPattern& pattern() const { return pattern_; }

 private:
  std::vector<FactorSet> words_;
  WordLengthPattern pattern_{};
};

// The word of the generator of added factor `added` (0-based among the
// added ones): its base factors and the added factor itself.
FactorSet generator_word(FactorSet base_factors, std::size_t base_count, std::size_t added) {
  return base_factors | (FactorSet{1} << (base_count + added));
}

struct GeneratorSearch {
  std::size_t base_count;
  std::size_t generator_count;
  int resolution;
  std::vector<FactorSet> candidates;  // base-factor sets, in increasing order
};

// Depth-first over generator sets in lexicographic order of candidates,
// pruned where a product is too short or the pattern so far is no better
// than the best complete one (adding generators only adds words, so it
// could only get worse). The first of equally good sets wins. With a
// budget (of products computed) it stops early and keeps the best found so
// far; it may start from an incumbent found otherwise, which it then only
// replaces by a better one.
class BranchAndBound {
 public:
  BranchAndBound(const GeneratorSearch& search, std::optional<std::size_t> word_budget,
                 const std::optional<std::vector<FactorSet>>& incumbent)
      : search_(search), relation_(search.generator_count), word_budget_(word_budget) {
    if (incumbent) {
      best_ = *incumbent;
      DefiningRelation relation(search.generator_count);
      for (std::size_t g = 0; g < best_.size(); ++g) {
        relation.add(generator_word(best_[g], search.base_count, g), 0);
      }
      best_pattern_ = relation.pattern();
    }
  }
  std::optional<std::vector<FactorSet>> run() {
    descend(0);
    if (best_.empty()) return std::nullopt;
    return best_;
  }

 private:
  // False once the budget is spent.
  bool descend(std::size_t next) {
    const std::size_t depth = chosen_.size();
    if (depth == search_.generator_count) {
      best_ = chosen_;
      best_pattern_ = relation_.pattern();
      return true;
    }
    const std::size_t still_needed = search_.generator_count - depth;
    for (std::size_t c = next; c + still_needed <= search_.candidates.size(); ++c) {
      // Each attempt computes up to one product per word so far.
      work_ += std::size_t{1} << depth;
      if (word_budget_ && work_ > *word_budget_) return false;
      const FactorSet word = generator_word(search_.candidates[c], search_.base_count, depth);
      if (!relation_.add(word, search_.resolution)) continue;
      bool within_budget = true;
      if (best_.empty() || relation_.pattern() < best_pattern_) {
        chosen_.push_back(search_.candidates[c]);
        within_budget = descend(c + 1);
        chosen_.pop_back();
      }
      relation_.remove_last();
      if (!within_budget) return false;
    }
    return true;
  }

  const GeneratorSearch& search_;
  DefiningRelation relation_;
  std::optional<std::size_t> word_budget_;
  std::size_t work_ = 0;
  std::vector<FactorSet> chosen_;
  std::vector<FactorSet> best_;
  WordLengthPattern best_pattern_{};
};

// One generator at a time, each the candidate (among those not taken) that
// keeps the resolution and gives the smallest pattern so far; the first
// such on ties.
std::optional<std::vector<FactorSet>> greedy_search(const GeneratorSearch& search) {
  const std::vector<FactorSet>& candidates = search.candidates;
  DefiningRelation relation(search.generator_count);
  std::vector<bool> taken(candidates.size(), false);
  std::vector<FactorSet> chosen;
  for (std::size_t depth = 0; depth < search.generator_count; ++depth) {
    std::optional<std::size_t> best;
    WordLengthPattern best_pattern{};
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      if (taken[c]) continue;
      if (!relation.add(generator_word(candidates[c], search.base_count, depth),
                        search.resolution)) {
        continue;
      }
      if (!best || relation.pattern() < best_pattern) {
        best = c;
        best_pattern = relation.pattern();
      }
      relation.remove_last();
    }
    if (!best) return std::nullopt;
    taken[*best] = true;
    chosen.push_back(candidates[*best]);
    relation.add(generator_word(candidates[*best], search.base_count, depth), search.resolution);
  }
  return chosen;
}

double binomial(std::size_t n, std::size_t k) {
  double value = 1.0;
  for (std::size_t i = 0; i < k; ++i) {
    value *= static_cast<double>(n - i) / static_cast<double>(i + 1);
  }
  return value;
}

// Exhaustive where the generator sets are few; beyond, the greedy choice,
// then a budgeted branch and bound that may find a set where the greedy
// choice found none (it paints itself into a corner at resolution V with
// 15 to 17 factors, where 256 runs suffice) or a better one.
std::optional<std::vector<FactorSet>> find_generators(const GeneratorSearch& search) {
  const double sets = binomial(search.candidates.size(), search.generator_count);
  const double words = sets * std::ldexp(1.0, static_cast<int>(search.generator_count));
  if (sets <= kMaxExhaustiveSets && words <= kMaxExhaustiveWords) {
    return BranchAndBound(search, std::nullopt, std::nullopt).run();
  }
  const auto greedy = greedy_search(search);
  return BranchAndBound(search, kBranchAndBoundWords, greedy).run();
}

int sign_of(std::size_t run, std::size_t base_factor) {
  return ((run >> base_factor) & 1U) != 0 ? 1 : -1;
}

TwoLevelDesign build_design(std::size_t factors, std::size_t base_count,
                            const std::vector<FactorSet>& generators) {
  TwoLevelDesign design;
  design.factors = factors;
  const std::size_t runs = std::size_t{1} << base_count;
  design.rows.assign(runs, std::vector<int>(factors));
  for (std::size_t run = 0; run < runs; ++run) {
    std::vector<int>& row = design.rows[run];
    for (std::size_t b = 0; b < base_count; ++b) row[b] = sign_of(run, b);
    for (std::size_t g = 0; g < generators.size(); ++g) {
      int product = 1;
      for (std::size_t b = 0; b < base_count; ++b) {
        if (((generators[g] >> b) & 1U) != 0) product *= row[b];
      }
      row[base_count + g] = product;
    }
  }
  DefiningRelation relation(generators.size());
  for (const FactorSet base_factors : generators) {
    std::vector<std::size_t> indices;
    for (std::size_t b = 0; b < base_count; ++b) {
      if (((base_factors >> b) & 1U) != 0) indices.push_back(b);
    }
    design.generators.push_back(std::move(indices));
    relation.add(generator_word(base_factors, base_count, design.generators.size() - 1), 0);
  }
  const WordLengthPattern& pattern = relation.pattern();
  for (std::size_t length = 1; length < pattern.size(); ++length) {
    if (pattern[length] > 0) {
      design.resolution = static_cast<int>(length);
      break;
    }
  }
  return design;
}

void check_factor_count(std::size_t factors) {
  if (factors == 0 || factors > kMaxFactors) {
    throw std::invalid_argument("factors must be 1 to " + std::to_string(kMaxFactors) + ", got " +
                                std::to_string(factors));
  }
}

// All words of the design's defining relation, from its generators.
std::vector<FactorSet> defining_words(const TwoLevelDesign& design) {
  const std::size_t added_count = design.generators.size();
  if (added_count >= design.factors) {
    throw std::invalid_argument("design has " + std::to_string(added_count) + " generators for " +
                                std::to_string(design.factors) +
                                " factors; at most factors - 1 are allowed");
  }
  const std::size_t base_count = design.factors - added_count;
  std::vector<FactorSet> words = {0};
  for (std::size_t g = 0; g < added_count; ++g) {
    FactorSet base_factors = 0;
    for (const std::size_t b : design.generators[g]) {
      if (b >= base_count) {
        throw std::invalid_argument("design generator " + std::to_string(g) + " names factor " +
                                    std::to_string(b) + "; generators take base factors 0 to " +
                                    std::to_string(base_count - 1));
      }
      base_factors |= FactorSet{1} << b;
    }
    const FactorSet word = generator_word(base_factors, base_count, g);
    const std::size_t old_count = words.size();
    for (std::size_t i = 0; i < old_count; ++i) words.push_back(words[i] ^ word);
  }
  words.erase(words.begin());  // the identity aliases nothing
  return words;
}

std::vector<std::size_t> members_of(FactorSet set) {
  std::vector<std::size_t> members;
  for (std::size_t i = 0; set != 0; ++i, set >>= 1U) {
    if ((set & 1U) != 0) members.push_back(i);
  }
  return members;
}

// Main effects before interactions, each group in lexicographic order.
bool term_before(FactorSet a, FactorSet b) {
  if (length_of(a) != length_of(b)) return length_of(a) < length_of(b);
  return members_of(a) < members_of(b);
}

}  // namespace

TwoLevelDesign full_factorial(std::size_t factors) {
  check_factor_count(factors);
  return build_design(factors, factors, {});
}

TwoLevelDesign fractional_factorial(std::size_t factors, int resolution) {
  check_factor_count(factors);
  if (resolution < 3) {
    throw std::invalid_argument(
        "resolution must be at least 3 (III: main effects clear of "
        "each other), got " +
        std::to_string(resolution));
  }
  // The fewest runs first: 2^base_count runs, factors - base_count
  // generators, each a set of at least resolution - 1 base factors (a
  // shorter one would make a word shorter than the resolution by itself).
  for (std::size_t base_count = 1; base_count < factors; ++base_count) {
    GeneratorSearch search{base_count, factors - base_count, resolution, {}};
    const int min_size = std::max(2, resolution - 1);
    for (FactorSet set = 1; set < (FactorSet{1} << base_count); ++set) {
      if (length_of(set) >= min_size) search.candidates.push_back(set);
    }
    if (search.candidates.size() < search.generator_count) continue;
    if (const auto generators = find_generators(search)) {
      return build_design(factors, base_count, *generators);
    }
  }
  return full_factorial(factors);
}

std::vector<FactorialEffect> factorial_effects(const TwoLevelDesign& design,
                                               std::span<const double> responses,
                                               std::size_t replicates) {
  check_factor_count(design.factors);
  if (replicates == 0) throw std::invalid_argument("replicates must be at least 1, got 0");
  const std::size_t runs = design.rows.size();
  if (runs == 0) throw std::invalid_argument("design must have at least one run, got none");
  for (std::size_t run = 0; run < runs; ++run) {
    if (design.rows[run].size() != design.factors) {
      throw std::invalid_argument("design run " + std::to_string(run) + " must have " +
                                  std::to_string(design.factors) + " factors, got " +
                                  std::to_string(design.rows[run].size()));
    }
    for (const int level : design.rows[run]) {
      if (level != 1 && level != -1) {
        throw std::invalid_argument("design run " + std::to_string(run) + " has a level of " +
                                    std::to_string(level) + "; levels must be +1 or -1");
      }
    }
  }
  if (responses.size() != runs * replicates) {
    throw std::invalid_argument(
        "responses must hold runs * replicates = " + std::to_string(runs * replicates) +
        " values, got " + std::to_string(responses.size()));
  }
  const std::vector<FactorSet> words = defining_words(design);

  std::vector<double> run_means(runs);
  double pooled_squares = 0.0;
  for (std::size_t run = 0; run < runs; ++run) {
    const std::span<const double> values = responses.subspan(run * replicates, replicates);
    double sum = 0.0;
    for (const double v : values) sum += v;
    run_means[run] = sum / static_cast<double>(replicates);
    for (const double v : values) pooled_squares += (v - run_means[run]) * (v - run_means[run]);
  }
  const auto total = static_cast<double>(runs * replicates);
  const double standard_error =
      replicates < 2
          ? kNaN
          : std::sqrt(4.0 * (pooled_squares / (total - static_cast<double>(runs))) / total);

  std::vector<FactorSet> terms;
  for (std::size_t i = 0; i < design.factors; ++i) terms.push_back(FactorSet{1} << i);
  for (std::size_t i = 0; i < design.factors; ++i) {
    for (std::size_t j = i + 1; j < design.factors; ++j) {
      terms.push_back((FactorSet{1} << i) | (FactorSet{1} << j));
    }
  }
  std::vector<FactorialEffect> effects;
  effects.reserve(terms.size());
  for (const FactorSet term : terms) {
    FactorialEffect effect;
    effect.term = members_of(term);
    double contrast = 0.0;
    for (std::size_t run = 0; run < runs; ++run) {
      int sign = 1;
      for (const std::size_t f : effect.term) sign *= design.rows[run][f];
      contrast += sign * run_means[run];
    }
    effect.effect = 2.0 * contrast / static_cast<double>(runs);
    effect.standard_error = std::isnan(effect.effect) ? kNaN : standard_error;
    std::vector<FactorSet> aliases;
    for (const FactorSet word : words) {
      const FactorSet alias = term ^ word;
      if (length_of(alias) == 1 || length_of(alias) == 2) aliases.push_back(alias);
    }
    std::sort(aliases.begin(), aliases.end(), term_before);
    for (const FactorSet alias : aliases) effect.aliases.push_back(members_of(alias));
    effects.push_back(std::move(effect));
  }
  return effects;
}

}  // namespace panopticon
