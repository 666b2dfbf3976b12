// The persisted encodings of docs/storage.md: round trips, key order, and
// rejection of malformed values.
#include "ledger/record_codec.h"

#include <gtest/gtest.h>

#include "ledger/column_families.h"

namespace subledger::storage {
namespace {

EventEnvelope SampleEnvelope() {
  EventEnvelope e;
  e.id = "evt_1";
  e.type = "customer.subscription.updated";
  e.created = 1700000123;
  e.object_id = "sub_9";
  e.object_type = "subscription";
  e.livemode = true;
  e.api_version = "2025-03-31.basil";
  return e;
}

TEST(RecordCodec, SequenceKeysAreBigEndianSoTheySortBySequence) {
  EXPECT_EQ(EncodeSequence(1), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_EQ(EncodeSequence(0x0102030405060708ull), "\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_LT(EncodeSequence(255), EncodeSequence(256));
  EXPECT_LT(EncodeSequence(65535), EncodeSequence(1u << 20));
  EXPECT_EQ(*DecodeSequence(EncodeSequence(987654321)), 987654321u);
  EXPECT_EQ(DecodeSequence("1234567").status().code(), Status::Code::kCorruption);
}

TEST(RecordCodec, ValueRoundTripsEveryFieldAndTheBodyByteForByte) {
  const EventEnvelope e = SampleEnvelope();
  const std::string body = "{\n  \"id\": \"evt_1\",\t\"x\": \"\xc3\xa9\"\r\n}";
  std::string value;
  EncodeRecordValue({&e, -42, EventSource::kBackfill}, body, &value);
  EXPECT_EQ(static_cast<uint8_t>(value[0]), kRecordFormatV1);

  EventRecord r;
  ASSERT_TRUE(DecodeRecordValue(7, value, &r).ok());
  EXPECT_EQ(r.seq, 7u);
  EXPECT_EQ(r.envelope.id, e.id);
  EXPECT_EQ(r.envelope.type, e.type);
  EXPECT_EQ(r.envelope.created, e.created);
  EXPECT_EQ(r.envelope.object_id, e.object_id);
  EXPECT_EQ(r.envelope.object_type, e.object_type);
  EXPECT_EQ(r.envelope.livemode, true);
  EXPECT_EQ(r.envelope.api_version, e.api_version);
  EXPECT_EQ(r.received_at_micros, -42);
  EXPECT_EQ(r.source, EventSource::kBackfill);
  EXPECT_EQ(r.body, body);
}

TEST(RecordCodec, LongStringsUseMultiByteLengths) {
  EventEnvelope e = SampleEnvelope();
  e.object_id = std::string(300, 'o');
  e.type = std::string(20000, 't');
  std::string value;
  EncodeRecordValue({&e, 1, EventSource::kWebhook}, "{}", &value);
  EventRecord r;
  ASSERT_TRUE(DecodeRecordValue(1, value, &r).ok());
  EXPECT_EQ(r.envelope.object_id, e.object_id);
  EXPECT_EQ(r.envelope.type, e.type);
  EXPECT_EQ(r.body, "{}");
}

TEST(RecordCodec, TheFixedHeaderLayoutIsStable) {
  // docs/storage.md: format, source, flags, created (BE), received (BE), strings, body.
  EventEnvelope e;
  e.id = "e";
  e.created = 0x0102;
  std::string value;
  EncodeRecordValue({&e, 0x0304, EventSource::kImport}, "B", &value);
  const std::string expected = std::string("\x01\x02\x00", 3) +
                               std::string("\0\0\0\0\0\0\x01\x02", 8) +
                               std::string("\0\0\0\0\0\0\x03\x04", 8) +
                               std::string("\x01" "e" "\0\0\0\0", 6) + "B";
  EXPECT_EQ(value, expected);
}

TEST(RecordCodec, MalformedValuesAreCorruptionNamingTheRecord) {
  const EventEnvelope e = SampleEnvelope();
  std::string good;
  EncodeRecordValue({&e, 1, EventSource::kWebhook}, "{}", &good);
  EventRecord r;

  Status empty = DecodeRecordValue(5, "", &r);
  EXPECT_EQ(empty.code(), Status::Code::kCorruption);
  EXPECT_NE(empty.message().find("record 5"), std::string::npos) << empty.message();

  std::string future = good;
  future[0] = 9;
  EXPECT_NE(DecodeRecordValue(5, future, &r).message().find("format byte 9"), std::string::npos);

  std::string bad_source = good;
  bad_source[1] = 0;
  EXPECT_EQ(DecodeRecordValue(5, bad_source, &r).code(), Status::Code::kCorruption);

  std::string bad_flags = good;
  bad_flags[2] = 0x40;
  EXPECT_EQ(DecodeRecordValue(5, bad_flags, &r).code(), Status::Code::kCorruption);

  for (size_t cut : {size_t{10}, size_t{19}, size_t{22}}) {
    EXPECT_EQ(DecodeRecordValue(5, good.substr(0, cut), &r).code(), Status::Code::kCorruption)
        << "truncated at " << cut;
  }
}

TEST(EventSourceNames, AreStable) {
  EXPECT_STREQ(EventSourceName(EventSource::kWebhook), "webhook");
  EXPECT_STREQ(EventSourceName(EventSource::kImport), "import");
  EXPECT_STREQ(EventSourceName(EventSource::kBackfill), "backfill");
  EXPECT_STREQ(EventSourceName(EventSource::kSnapshot), "snapshot");
}

}  // namespace
}  // namespace subledger::storage
