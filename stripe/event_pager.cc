#include "stripe/event_pager.h"

namespace subledger {

EventPager::EventPager(StripeClient* client, EventListQuery query) : client_(client), query_(std::move(query)) {}

Status EventPager::ValidateQuery(const EventListQuery& query) {
  if (query.page_size < 1 || query.page_size > 100) {
    return Status::InvalidArgument("event page size " + std::to_string(query.page_size) + ": must be 1..100");
  }
  if (query.types.size() > 20) {
    return Status::InvalidArgument("event types: Stripe accepts at most 20, got " +
                                   std::to_string(query.types.size()));
  }
  for (const std::string& type : query.types) {
    if (type.empty() || type.find_first_of(" \t\r\n,") != std::string::npos) {
      return Status::InvalidArgument("event type '" + type + "': must be a non-empty name like invoice.paid");
    }
  }
  if (query.created_gte < 0) return Status::InvalidArgument("created[gte]: must not be negative");
  if (query.created_lte && *query.created_lte < query.created_gte) {
    return Status::InvalidArgument("created[lte] is before created[gte]");
  }
  return Status::Ok();
}

Result<EventPage> EventPager::Next() {
  if (done_) return Status::Internal("EventPager::Next called after the last page");
  Status valid = ValidateQuery(query_);
  if (!valid.ok()) return valid;
  FormParams params;
  params.emplace_back("created[gte]", std::to_string(query_.created_gte));
  if (query_.created_lte) params.emplace_back("created[lte]", std::to_string(*query_.created_lte));
  params.emplace_back("limit", std::to_string(query_.page_size));
  for (const std::string& type : query_.types) params.emplace_back("types[]", type);
  if (!cursor_.empty()) params.emplace_back("starting_after", cursor_);

  Result<nlohmann::ordered_json> response = client_->Get("/v1/events", params);
  if (!response.ok()) return response.status().WithContext("list events page " + std::to_string(pages_ + 1));
  nlohmann::ordered_json& list = *response;
  auto data = list.find("data");
  auto has_more = list.find("has_more");
  if (!list.is_object() || data == list.end() || !data->is_array() || has_more == list.end() ||
      !has_more->is_boolean()) {
    return Status::Internal("list events page " + std::to_string(pages_ + 1) +
                            ": response is not a list object with data[] and has_more");
  }
  EventPage page;
  page.has_more = has_more->get<bool>();
  page.events.reserve(data->size());
  for (size_t i = 0; i < data->size(); ++i) {
    nlohmann::ordered_json& event = (*data)[i];
    auto id = event.is_object() ? event.find("id") : event.end();
    auto object = event.is_object() ? event.find("object") : event.end();
    if (!event.is_object() || id == event.end() || !id->is_string() || object == event.end() ||
        *object != "event") {
      return Status::Internal("list events page " + std::to_string(pages_ + 1) + ": data[" +
                              std::to_string(i) + "] is not an event object with an id");
    }
    page.events.push_back(std::move(event));
  }
  if (page.has_more && page.events.empty()) {
    return Status::Internal("list events page " + std::to_string(pages_ + 1) +
                            ": has_more is true but the page is empty");
  }
  if (!page.events.empty()) {
    std::string next_cursor = page.events.back()["id"].get<std::string>();
    if (page.has_more && next_cursor == cursor_) {
      return Status::Internal("list events page " + std::to_string(pages_ + 1) +
                              ": Stripe returned the same page again (cursor " + cursor_ + ")");
    }
    cursor_ = std::move(next_cursor);
  }
  ++pages_;
  done_ = !page.has_more;
  return page;
}

}  // namespace subledger
