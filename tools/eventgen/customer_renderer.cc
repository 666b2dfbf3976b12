#include "tools/eventgen/customer_renderer.h"

#include <string>

namespace subledger::eventgen {
namespace {

std::string List(const std::string& customer, const char* what) {
  return "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"total_count\":0,\"url\":\"/v1/customers/" + customer +
         "/" + what + "\"}";
}

}  // namespace

void CustomerKeys(BodyWriter& w, const RenderContext& ctx, const Owner& o) {
  if (o.flags & kCustomerAccount) {
    w.KNull("customer");
    w.KStr("customer_account", ctx.ids.Customer(o));
  } else {
    w.KStr("customer", ctx.ids.Customer(o));
  }
}

void CustomerRenderer::Customer(BodyWriter& w, const MoneyEvent& m, int64_t created) const {
  const std::string id = ctx_.ids.Customer(m.owner);
  const std::string number = std::to_string(m.owner.customer);
  w.Open();
  w.KStr("id", id);
  w.KStr("object", "customer");
  w.KRaw("address", "{\"city\":\"San Francisco\",\"country\":\"US\",\"line1\":\"510 Townsend St\","
                    "\"line2\":null,\"postal_code\":\"94103\",\"state\":\"CA\"}");
  w.KInt("balance", 0);
  w.KRaw("cash_balance", "null");
  w.KInt("created", created);
  w.KStr("currency", kCurrencies[m.owner.currency]);
  w.KNull("default_source");
  w.KBool("delinquent", false);
  w.KNull("description");
  w.KNull("discount");
  w.KStr("email", "customer-" + number + "@example.test");
  w.KStr("invoice_prefix", id.substr(4, 8));
  w.KRaw("invoice_settings",
         "{\"custom_fields\":null,\"default_payment_method\":null,\"footer\":null,\"rendering_options\":null}");
  w.KBool("livemode", ctx_.plan.livemode(m.owner));
  w.KRaw("metadata", "{\"signup_source\":\"web\"}");
  w.KStr("name", "Customer " + number);
  w.KInt("next_invoice_sequence", 1);
  w.KNull("phone");
  w.KRaw("preferred_locales", "[\"en\"]");
  w.KNull("shipping");
  w.KRaw("sources", List(id, "sources"));
  w.KRaw("subscriptions", List(id, "subscriptions"));
  w.KRaw("tax", "{\"automatic_tax\":\"supported\",\"ip_address\":null,\"location\":{\"country\":\"US\","
                "\"source\":\"billing_address\",\"state\":\"CA\"}}");
  w.KStr("tax_exempt", "none");
  w.KRaw("tax_ids", List(id, "tax_ids"));
  w.KNull("test_clock");
  w.Close();
}

void CustomerRenderer::PaymentMethod(BodyWriter& w, const MoneyEvent& m, int64_t created) const {
  w.Open();
  w.KStr("id", ctx_.ids.PaymentMethod(m.owner.customer));
  w.KStr("object", "payment_method");
  w.KRaw("billing_details", "{\"address\":{\"city\":null,\"country\":\"US\",\"line1\":null,\"line2\":null,"
                            "\"postal_code\":\"94103\",\"state\":null},\"email\":null,\"name\":null,\"phone\":null}");
  w.KRaw("card", "{\"brand\":\"visa\",\"checks\":{\"address_line1_check\":null,\"address_postal_code_check\":\"pass\","
                 "\"cvc_check\":\"pass\"},\"country\":\"US\",\"exp_month\":12,\"exp_year\":2030,\"fingerprint\":"
                 "\"Xt5EWLLDS7FJjR1c\",\"funding\":\"credit\",\"last4\":\"4242\",\"networks\":{\"available\":[\"visa\"],"
                 "\"preferred\":null},\"three_d_secure_usage\":{\"supported\":true},\"wallet\":null}");
  w.KInt("created", created);
  CustomerKeys(w, ctx_, m.owner);
  w.KBool("livemode", ctx_.plan.livemode(m.owner));
  w.KRaw("metadata", "{}");
  w.KStr("type", "card");
  w.Close();
}

}  // namespace subledger::eventgen
