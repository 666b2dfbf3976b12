// DaemonUsage: subledgerd's --help text: the flag table's own listing
// (config.cc) between a preamble and the notes that belong to no flag.
#include "daemon/config.h"

namespace subledger {

std::string DaemonFlagsHelp();  // config.cc: the table's listing

std::string DaemonUsage() {
  return R"(usage: subledgerd [flags]

Receives Stripe webhooks, verifies their signatures and appends them durably
to the event log. Secrets come from the environment:
  STRIPE_WEBHOOK_SECRET=whsec_new,whsec_old   (comma-separated for rotation)

)" + DaemonFlagsHelp() +
         R"(
SECS may be a decimal ("0.5"). SPAN is a whole number with an optional unit
s, m, h or d ("90", "15m", "3d"). Port 0 picks a free port; the bound ports
are logged at startup in a {"msg":"listening",...} line and written to
--port-file.
)";
}

}  // namespace subledger
