#include "ledger/event_record.h"

namespace subledger {

const char* EventSourceName(EventSource s) {
  switch (s) {
    case EventSource::kWebhook:
      return "webhook";
    case EventSource::kImport:
      return "import";
    case EventSource::kBackfill:
      return "backfill";
    case EventSource::kSnapshot:
      return "snapshot";
  }
  return "unknown";
}

}  // namespace subledger
