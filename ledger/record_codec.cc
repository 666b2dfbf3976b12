#include "ledger/record_codec.h"

#include <cstring>

#include "ledger/column_families.h"
#include "ledger/event_envelope.h"

namespace subledger::storage {
namespace {

constexpr uint8_t kFlagLivemode = 0x01;
constexpr size_t kFixedHeaderSize = 1 + 1 + 1 + 8 + 8;  // format, source, flags, created, received

void PutFixed64BE(uint64_t v, char* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}

uint64_t GetFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

void PutVarint32(uint32_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutLengthPrefixed(std::string_view s, std::string* out) {
  PutVarint32(static_cast<uint32_t>(s.size()), out);
  out->append(s.data(), s.size());
}

// Reads a LEB128 varint32 + that many bytes from *in; false when truncated.
bool GetLengthPrefixed(std::string_view* in, std::string* out) {
  uint32_t len = 0;
  size_t i = 0;
  for (int shift = 0;; shift += 7) {
    if (i >= in->size() || shift > 28) return false;
    uint8_t b = static_cast<uint8_t>((*in)[i++]);
    len |= static_cast<uint32_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
  }
  if (in->size() - i < len) return false;
  out->assign(in->data() + i, len);
  in->remove_prefix(i + len);
  return true;
}

bool IsKnownSource(uint8_t b) {
  return b >= static_cast<uint8_t>(EventSource::kWebhook) &&
         b <= static_cast<uint8_t>(EventSource::kSnapshot);
}

}  // namespace

void EncodeSequence(SequenceNumber seq, char* out) { PutFixed64BE(seq, out); }

std::string EncodeSequence(SequenceNumber seq) {
  std::string out(kSequenceKeySize, '\0');
  PutFixed64BE(seq, out.data());
  return out;
}

Result<SequenceNumber> DecodeSequence(std::string_view bytes) {
  if (bytes.size() != kSequenceKeySize) {
    return Status::Corruption("sequence number has " + std::to_string(bytes.size()) +
                              " bytes, expected 8");
  }
  return SequenceNumber{GetFixed64BE(bytes.data())};
}

void EncodeRecordValue(const RecordHeader& header, std::string_view body, std::string* out) {
  EncodeRecordHeader(header, out);
  out->append(body.data(), body.size());
}

void EncodeRecordHeader(const RecordHeader& header, std::string* out) {
  const EventEnvelope& e = *header.envelope;
  out->clear();
  char fixed[kFixedHeaderSize];
  fixed[0] = static_cast<char>(kRecordFormatV2);
  fixed[1] = static_cast<char>(header.source);
  fixed[2] = static_cast<char>(e.livemode ? kFlagLivemode : 0);
  PutFixed64BE(static_cast<uint64_t>(e.created), fixed + 3);
  PutFixed64BE(static_cast<uint64_t>(header.received_at_micros), fixed + 11);
  out->append(fixed, kFixedHeaderSize);
  PutLengthPrefixed(e.id, out);
  PutLengthPrefixed(e.type, out);
  PutLengthPrefixed(e.object_id, out);
  PutLengthPrefixed(e.object_type, out);
  PutLengthPrefixed(e.api_version, out);
  PutLengthPrefixed(e.account, out);
}

Status DecodeRecordValue(SequenceNumber seq, std::string_view value, EventRecord* record) {
  std::string_view body;
  if (Status s = DecodeRecordHeader(seq, value, record, &body); !s.ok()) return s;
  record->body.assign(body.data(), body.size());
  return Status::Ok();
}

Status DecodeRecordHeader(SequenceNumber seq, std::string_view value, EventRecord* record, std::string_view* body) {
  auto corrupt = [seq](const std::string& what) {
    return Status::Corruption("record " + std::to_string(seq) + ": " + what);
  };
  if (value.empty()) return corrupt("empty value");
  const uint8_t format = static_cast<uint8_t>(value[0]);
  if (format != kRecordFormatV1 && format != kRecordFormatV2) {
    return corrupt("unknown record format byte " + std::to_string(format) +
                   " (written by a newer subledger, or garbage)");
  }
  if (value.size() < kFixedHeaderSize) return corrupt("value truncated in the fixed header");
  const uint8_t source = static_cast<uint8_t>(value[1]);
  if (!IsKnownSource(source)) return corrupt("unknown source byte " + std::to_string(source));
  const uint8_t flags = static_cast<uint8_t>(value[2]);
  if ((flags & ~kFlagLivemode) != 0) return corrupt("unknown flag bits " + std::to_string(flags));

  record->seq = seq;
  record->source = static_cast<EventSource>(source);
  record->envelope.livemode = (flags & kFlagLivemode) != 0;
  record->envelope.created = static_cast<int64_t>(GetFixed64BE(value.data() + 3));
  record->received_at_micros = static_cast<int64_t>(GetFixed64BE(value.data() + 11));
  std::string_view rest = value.substr(kFixedHeaderSize);
  EventEnvelope& e = record->envelope;
  if (!GetLengthPrefixed(&rest, &e.id) || !GetLengthPrefixed(&rest, &e.type) ||
      !GetLengthPrefixed(&rest, &e.object_id) || !GetLengthPrefixed(&rest, &e.object_type) ||
      !GetLengthPrefixed(&rest, &e.api_version)) {
    return corrupt("value truncated in the header strings");
  }
  if (format == kRecordFormatV2 && !GetLengthPrefixed(&rest, &e.account)) {
    return corrupt("value truncated in the header strings");
  }
  if (e.id.empty()) return corrupt("empty event id");
  *body = rest;
  // v1 has no account in its header: it is the body's (the same rule).
  if (format == kRecordFormatV1) e.account = AccountOfBody(rest);
  return Status::Ok();
}

}  // namespace subledger::storage
