#include "projections/state_keys.h"

#include "projections/byte_codec.h"

namespace subledger::state_keys {
namespace {

void AppendVarint(std::string* out, uint64_t v) {
  ByteWriter w;
  w.U64(v);
  out->append(w.Take());
}

// Reads a varint from the front of *in; false when malformed.
bool TakeVarint(std::string_view* in, uint64_t* v) {
  ByteReader r(*in);
  *v = r.U64();
  if (!r.ok()) return false;
  in->remove_prefix(r.consumed());
  return true;
}

bool ValidKind(char c) { return c == 'p' || c == 'd' || c == 'c' || c == 'x'; }

}  // namespace

std::string BookPrefix(char tag, const Book& book) {
  std::string key(1, tag);
  AppendVarint(&key, book.account.size());
  key += book.account;
  key.push_back(book.livemode ? 'l' : 't');
  return key;
}

std::string EntityKey(char tag, const Book& book, std::string_view id) { return BookPrefix(tag, book).append(id); }

std::string KnownKey(const Book& book, const ObjectRef& ref) {
  std::string key = BookPrefix(kKnown, book);
  key.push_back(static_cast<char>(ref.first));
  return key.append(ref.second);
}

std::string DependentKey(const Book& book, const ObjectRef& ref, std::string_view customer) {
  std::string key = BookPrefix(kDependent, book);
  key.push_back(static_cast<char>(ref.first));
  AppendVarint(&key, ref.second.size());
  key += ref.second;
  return key.append(customer);
}

std::string ExpiryKey(const Book& book, int64_t end, std::string_view customer) {
  std::string key = BookPrefix(kExpiry, book);
  const uint64_t biased = static_cast<uint64_t>(end) ^ (uint64_t{1} << 63);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(biased >> shift));
  return key.append(customer);
}

std::optional<BookKey> ParseBookKey(std::string_view key) {
  if (key.empty()) return std::nullopt;
  key.remove_prefix(1);
  uint64_t length = 0;
  if (!TakeVarint(&key, &length) || length + 1 > key.size()) return std::nullopt;
  BookKey out;
  out.book.account = std::string(key.substr(0, length));
  const char mode = key[length];
  if (mode != 'l' && mode != 't') return std::nullopt;
  out.book.livemode = mode == 'l';
  out.rest = key.substr(length + 1);
  return out;
}

std::optional<ObjectRef> ParseKnownRest(std::string_view rest) {
  if (rest.empty() || !ValidKind(rest[0])) return std::nullopt;
  return ObjectRef{static_cast<ObjectKind>(rest[0]), std::string(rest.substr(1))};
}

std::optional<std::pair<ObjectRef, std::string>> ParseDependentRest(std::string_view rest) {
  if (rest.empty() || !ValidKind(rest[0])) return std::nullopt;
  const auto kind = static_cast<ObjectKind>(rest[0]);
  rest.remove_prefix(1);
  uint64_t length = 0;
  if (!TakeVarint(&rest, &length) || length > rest.size()) return std::nullopt;
  return std::make_pair(ObjectRef{kind, std::string(rest.substr(0, length))}, std::string(rest.substr(length)));
}

std::optional<std::pair<int64_t, std::string>> ParseExpiryRest(std::string_view rest) {
  if (rest.size() < 8) return std::nullopt;
  uint64_t biased = 0;
  for (int i = 0; i < 8; ++i) biased = (biased << 8) | static_cast<uint8_t>(rest[i]);
  return std::make_pair(static_cast<int64_t>(biased ^ (uint64_t{1} << 63)), std::string(rest.substr(8)));
}

}  // namespace subledger::state_keys
