#include "tools/eventgen/id_space.h"

#include "tools/eventgen/gen_random.h"

namespace subledger::eventgen {
namespace {

// Salts keep the id spaces of different object kinds apart.
constexpr uint64_t kSubSalt = 0x535542ULL, kCusSalt = 0x435553ULL, kItemSalt = 0x5349ULL, kDiSalt = 0x4449ULL,
                   kPmSalt = 0x504dULL, kPriceSalt = 0x5052494345ULL, kProductSalt = 0x50524f44ULL,
                   kCouponSalt = 0x434f55504f4eULL, kAccountSalt = 0x41434354ULL,
                   kCustomerAccountSalt = 0x4341434354ULL, kBookStep = 0x9e3779b97f4a7c15ULL;

uint64_t BookSalt(uint64_t salt, uint64_t kind, size_t book) { return salt ^ kind ^ (book * kBookStep); }

}  // namespace

IdSpace::IdSpace(uint64_t salt, size_t books, size_t prices, size_t coupons)
    : salt_(salt), n_prices_(prices), n_coupons_(coupons) {
  prices_.reserve(books * prices);
  products_.reserve(books * prices);
  coupons_.reserve(books * coupons);
  for (size_t b = 0; b < books; ++b) {
    for (size_t i = 0; i < prices; ++i) {
      prices_.push_back(MakeId("price_", i + 1, BookSalt(salt, kPriceSalt, b)));
      products_.push_back(MakeId("prod_", i + 1, BookSalt(salt, kProductSalt, b)));
    }
    for (size_t i = 0; i < coupons; ++i) coupons_.push_back(MakeId("co_", i + 1, BookSalt(salt, kCouponSalt, b)));
  }
}

std::vector<Book> IdSpace::Books(uint64_t salt, int connect_accounts) {
  std::vector<Book> books = {Book{"", true}, Book{"", false}};
  for (int a = 0; a < connect_accounts; ++a) {
    const std::string account = MakeId("acct_", static_cast<uint64_t>(a) + 1, salt ^ kAccountSalt);
    books.push_back(Book{account, true});
    books.push_back(Book{account, false});
  }
  return books;
}

uint64_t IdSpace::PriceKey(uint8_t id_book, uint16_t i) const {
  return IdKey(i + 1u, BookSalt(salt_, kPriceSalt, id_book));
}

uint64_t IdSpace::SubKey(uint32_t serial) const { return IdKey(serial, salt_ ^ kSubSalt); }

std::string IdSpace::Customer(const Owner& o) const {
  if (o.flags & kCustomerAccount) return MakeId("acct_", o.customer, salt_ ^ kCustomerAccountSalt);
  return MakeId("cus_", o.customer, salt_ ^ kCusSalt);
}

std::string IdSpace::Sub(uint32_t serial) const { return MakeId("sub_", serial, salt_ ^ kSubSalt); }
std::string IdSpace::Item(uint32_t serial) const { return MakeId("si_", serial, salt_ ^ kItemSalt); }
std::string IdSpace::Discount(uint32_t serial) const { return MakeId("di_", serial, salt_ ^ kDiSalt); }
std::string IdSpace::PaymentMethod(uint32_t customer) const { return MakeId("pm_", customer, salt_ ^ kPmSalt); }

std::string IdSpace::Serial(const char* prefix, uint64_t serial) const {
  return MakeId(prefix, serial, salt_ ^ (static_cast<uint64_t>(prefix[0]) << 40 | static_cast<uint64_t>(prefix[1])));
}

void IdSpace::EventId(const PlannedEvent& e, const StreamPlan& plan, std::string* out) const {
  if (e.type == EventType::kSubSnapshot) {
    // The snapshot fetcher's rule: "evt_snap_" + subscription id + "_" + created.
    out->append("evt_snap_");
    AppendId(out, "sub_", plan.snapshots[e.ref].owner.sub, salt_ ^ kSubSalt);
  } else if (e.type == EventType::kPriceSnapshot) {
    const CatalogEvent& c = plan.catalog_events[e.ref];
    out->append("evt_snap_");
    out->append(Price(c.id_book, c.index));
  } else {
    AppendId(out, "evt_", e.serial, salt_);
    return;
  }
  out->push_back('_');
  out->append(std::to_string(e.created));
}

}  // namespace subledger::eventgen
