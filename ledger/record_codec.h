// RecordCodec: the byte encodings of the event log's keys and values, as
// documented in docs/storage.md (never renumbered).
//
//  * events key:    8-byte big-endian SequenceNumber (so keys sort by seq).
//  * events value:  a format byte, then the record header, then the raw body.
//                   Writers write format v2 (with the account); v1 (without)
//                   stays readable: its account is read from the body.
//  * event_ids value: 8-byte big-endian SequenceNumber.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger::storage {

inline constexpr size_t kSequenceKeySize = 8;

// Writes seq as 8 big-endian bytes into out[0..8).
void EncodeSequence(SequenceNumber seq, char* out);
std::string EncodeSequence(SequenceNumber seq);
// Reads 8 big-endian bytes; kCorruption when `bytes` is not 8 bytes long.
Result<SequenceNumber> DecodeSequence(std::string_view bytes);

// The fields stored in front of the body (everything but seq, which is the key).
struct RecordHeader {
  const EventEnvelope* envelope = nullptr;
  int64_t received_at_micros = 0;
  EventSource source = EventSource::kWebhook;
};

// Replaces *out with the v2 encoding of header + body. Reuses out's capacity.
void EncodeRecordValue(const RecordHeader& header, std::string_view body, std::string* out);
// Replaces *out with the part of that encoding in front of the body: the
// value is *out followed by the body, byte for byte (the committer hands
// RocksDB the two pieces and so copies a body once less).
void EncodeRecordHeader(const RecordHeader& header, std::string* out);

// Decodes a value from "events" into *record (record->seq is set to seq).
// Reads formats v1 and v2; for v1, record->envelope.account is
// AccountOfBody(body). kCorruption naming seq and what is wrong when the
// value is malformed or has an unknown format byte.
Status DecodeRecordValue(SequenceNumber seq, std::string_view value, EventRecord* record);
// The same without copying the body: record->body is left as it is and
// *body points into `value`.
Status DecodeRecordHeader(SequenceNumber seq, std::string_view value, EventRecord* record, std::string_view* body);

}  // namespace subledger::storage
