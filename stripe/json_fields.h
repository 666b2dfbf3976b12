// Non-throwing accessors for fields of Stripe's JSON objects: a missing
// field or one of another type reads as "" / nullopt instead of throwing.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace subledger {

inline std::string StringField(const nlohmann::ordered_json& obj, const char* name) {
  if (!obj.is_object()) return "";
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::optional<int64_t> IntField(const nlohmann::ordered_json& obj, const char* name) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace subledger
