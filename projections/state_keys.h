// The key layout of the projection state (the log's "state" column family),
// format 3 — docs/projections.md is the normative description.
//
//   t                         global: format, checkpoint, implausible events
//   b <book>                  one book's RevenueTotals
//   c <book> <customer>       CustomerRecord
//   s <book> <subscription>   SubscriptionRoute
//   k <book> <kind> <id>      a known object (Catalog entry)
//   r <book> <kind> <len> <id> <customer>   "": customer depends on the object
//   e <book> <end> <customer>                "": customer names a discount ending then
//
// <book> is varint(len account) + account + 'l' (live) or 't' (test), so a
// key's parts never run into each other; <len> is a varint; <end> is 8
// bytes big-endian with the sign bit flipped, so keys sort by time.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/book.h"
#include "projections/catalog.h"

namespace subledger::state_keys {

inline constexpr char kGlobal[] = "t";
inline constexpr char kBook = 'b';
inline constexpr char kCustomer = 'c';
inline constexpr char kRoute = 's';
inline constexpr char kKnown = 'k';
inline constexpr char kDependent = 'r';
inline constexpr char kExpiry = 'e';

// <tag> <book>: the prefix of every key of one book under one tag.
std::string BookPrefix(char tag, const Book& book);
std::string EntityKey(char tag, const Book& book, std::string_view id);  // c, s
std::string KnownKey(const Book& book, const ObjectRef& ref);
std::string DependentKey(const Book& book, const ObjectRef& ref, std::string_view customer);
std::string ExpiryKey(const Book& book, int64_t end, std::string_view customer);

// Splits a key that starts with `tag` + book; nullopt when malformed.
// `rest` is what follows the book.
struct BookKey {
  Book book;
  std::string_view rest;
};
std::optional<BookKey> ParseBookKey(std::string_view key);
std::optional<ObjectRef> ParseKnownRest(std::string_view rest);
// r: the object and the customer.
std::optional<std::pair<ObjectRef, std::string>> ParseDependentRest(std::string_view rest);
// e: the end and the customer.
std::optional<std::pair<int64_t, std::string>> ParseExpiryRest(std::string_view rest);

}  // namespace subledger::state_keys
