// The persisted encodings of docs/storage.md: round trips, key order, and
// rejection of malformed values.
#include "ledger/record_codec.h"

#include <gtest/gtest.h>

#include "ledger/column_families.h"

namespace subledger::storage {
namespace {

// A record value in format v1 (no account in the header), built byte by byte
// as docs/storage.md lays it out, the way older subledgers wrote it.
std::string V1Value(const EventEnvelope& e, int64_t received, EventSource source, std::string_view body) {
  auto put64 = [](std::string* out, uint64_t v) {
    for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto put_string = [](std::string* out, const std::string& s) {
    EXPECT_LT(s.size(), 128u);  // one-byte length
    out->push_back(static_cast<char>(s.size()));
    out->append(s);
  };
  std::string v;
  v.push_back(static_cast<char>(kRecordFormatV1));
  v.push_back(static_cast<char>(source));
  v.push_back(static_cast<char>(e.livemode ? 1 : 0));
  put64(&v, static_cast<uint64_t>(e.created));
  put64(&v, static_cast<uint64_t>(received));
  for (const std::string* s : {&e.id, &e.type, &e.object_id, &e.object_type, &e.api_version}) put_string(&v, *s);
  v.append(body);
  return v;
}

EventEnvelope SampleEnvelope() {
  EventEnvelope e;
  e.id = "evt_1";
  e.type = "customer.subscription.updated";
  e.created = 1700000123;
  e.object_id = "sub_9";
  e.object_type = "subscription";
  e.livemode = true;
  e.api_version = "2025-03-31.basil";
  e.account = "acct_1Nv0FGQ9RKHgCVdK";
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
  EXPECT_EQ(static_cast<uint8_t>(value[0]), kRecordFormatV2) << "writers always write the newest format";

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
  EXPECT_EQ(r.envelope.account, e.account);
  EXPECT_EQ(r.received_at_micros, -42);
  EXPECT_EQ(r.source, EventSource::kBackfill);
  EXPECT_EQ(r.body, body);
}

TEST(RecordCodec, TheHeaderIsTheValueInFrontOfTheBody) {
  const EventEnvelope e = SampleEnvelope();
  const std::string body = "{\n  \"id\": \"evt_1\"\n}";
  std::string value, header = "left over from the last record";
  EncodeRecordValue({&e, 7, EventSource::kWebhook}, body, &value);
  EncodeRecordHeader({&e, 7, EventSource::kWebhook}, &header);
  EXPECT_EQ(header + body, value);
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

TEST(RecordCodec, TheV2LayoutIsStable) {
  // docs/storage.md: format, source, flags, created (BE), received (BE),
  // strings (id, type, object id, object type, api_version, account), body.
  EventEnvelope e;
  e.id = "e";
  e.created = 0x0102;
  e.account = "ac";
  std::string value;
  EncodeRecordValue({&e, 0x0304, EventSource::kImport}, "B", &value);
  const std::string expected = std::string("\x02\x02\x00", 3) +
                               std::string("\0\0\0\0\0\0\x01\x02", 8) +
                               std::string("\0\0\0\0\0\0\x03\x04", 8) +
                               std::string("\x01" "e" "\0\0\0\0" "\x02" "ac", 9) + "B";
  EXPECT_EQ(value, expected);
}

TEST(RecordCodec, V1RecordsStayReadableAndTakeTheirAccountFromTheBody) {
  EventEnvelope e = SampleEnvelope();
  e.account.clear();  // v1 has no account field
  const std::string connect =
      R"({"id":"evt_1","type":"customer.subscription.updated","created":1700000123,"account":"acct_9"})";
  EventRecord r;
  r.envelope.account = "stale from an earlier decode";
  ASSERT_TRUE(DecodeRecordValue(3, V1Value(e, 77, EventSource::kWebhook, connect), &r).ok());
  EXPECT_EQ(r.seq, 3u);
  EXPECT_EQ(r.envelope.id, "evt_1");
  EXPECT_EQ(r.envelope.api_version, e.api_version);
  EXPECT_EQ(r.envelope.account, "acct_9");
  EXPECT_EQ(r.received_at_micros, 77);
  EXPECT_EQ(r.body, connect);

  // Absent, null, "" and a body that does not parse: the platform's own ("").
  for (const char* body : {R"({"id":"evt_1"})", R"({"id":"evt_1","account":null})",
                           R"({"id":"evt_1","account":""})", "not json"}) {
    r.envelope.account = "stale";
    ASSERT_TRUE(DecodeRecordValue(3, V1Value(e, 77, EventSource::kImport, body), &r).ok()) << body;
    EXPECT_EQ(r.envelope.account, "") << body;
  }
  // The escaped spelling of the key is the same key.
  ASSERT_TRUE(DecodeRecordValue(3, V1Value(e, 1, EventSource::kImport, R"({"\u0061ccount":"acct_x"})"), &r).ok());
  EXPECT_EQ(r.envelope.account, "acct_x");
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

  for (size_t cut : {size_t{10}, size_t{19}, size_t{22}, size_t{100}}) {  // 100: inside the account
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
