// EventRenderer: turns a PlannedEvent into the JSON body Stripe would send
// (or, for snapshots, what subledger's fetchers append): the event envelope
// (id, top-level `account` for Connect events, api_version, created,
// livemode of its book, request, type) around the data.object rendered by
// the object renderers in the event's API shape. An update's
// previous_attributes are derived from the subscription's previous snapshot.
//
// Thread safety: const; Render may run on several threads at once.
#pragma once

#include <string>

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/render_context.h"

namespace subledger::eventgen {

class EventRenderer {
 public:
  EventRenderer(const StreamPlan& plan, const IdSpace& ids) : ctx_{plan, ids} {}

  void EventId(const PlannedEvent& e, std::string* out) const;
  void Render(const PlannedEvent& e, std::string* out) const;

 private:
  void Account(BodyWriter& w, const PlannedEvent& e) const;
  void Data(BodyWriter& w, const PlannedEvent& e) const;
  void SubscriptionData(BodyWriter& w, const PlannedEvent& e) const;
  void CatalogData(BodyWriter& w, const PlannedEvent& e) const;
  void MoneyData(BodyWriter& w, const PlannedEvent& e) const;
  void Request(BodyWriter& w, const PlannedEvent& e) const;

  RenderContext ctx_;
};

}  // namespace subledger::eventgen
