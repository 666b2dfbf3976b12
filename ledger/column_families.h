// The RocksDB layout of the event log: column family names and the
// persisted format versions. docs/storage.md is the normative description;
// these values are persisted, so they are never renumbered or renamed.
#pragma once

#include <cstdint>
#include <string_view>

namespace subledger::storage {

// Column families (besides RocksDB's "default", which stays empty).
inline constexpr std::string_view kEventsFamily = "events";       // seq -> record
inline constexpr std::string_view kEventIdsFamily = "event_ids";  // event id -> seq
inline constexpr std::string_view kMetaFamily = "meta";           // format facts
inline constexpr std::string_view kStateFamily = "state";         // projection state
inline constexpr std::string_view kWorkflowsFamily = "workflows"; // workflow runs (docs/workflows.md)

// Keys in "meta".
inline constexpr std::string_view kFormatVersionKey = "format_version";

// Version of the database layout (the set of column families and their key
// encodings), stored as one byte under meta/format_version.
//   1: events, event_ids, meta, state
//   2: version 1 plus "workflows". A writer's open upgrades a version 1
//      database in place (it creates the family, then records 2); readers
//      open both.
inline constexpr uint8_t kDatabaseFormatVersion = 2;
inline constexpr uint8_t kOldestReadableFormatVersion = 1;

// Version byte that starts every value in "events". Writers write the
// newest; every older one stays readable.
inline constexpr uint8_t kRecordFormatV1 = 1;  // header without the account
inline constexpr uint8_t kRecordFormatV2 = 2;  // v1 + the account after api_version

}  // namespace subledger::storage
