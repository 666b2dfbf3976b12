// send-email: renders a template (email_template.h) with the step's `data`
// and sends it through a Mailer (smtp_mailer.h).
//
//   inputs:  to (address), template (name in the catalog), data (mapping, optional)
//   outputs: messageId, to
//
// kAtLeastOnce: SMTP cannot deduplicate, so a crash after the server
// accepted the message and before the runner recorded it sends it again.
// Every attempt of one (run, step) carries the same Message-ID,
// "<RUN.STEP@domain of the From address>", so mail clients fold a resend.
// A missing {{field}}, an unknown template or a bad address fails the step
// before anything is sent.
//
// Thread safety: see capability.h. `mailer` may be null (definitions can be
// checked without SMTP settings); Invoke then fails with kInvalidArgument.
#pragma once

#include <string>
#include <string_view>

#include "workflows/capability.h"
#include "workflows/email_template.h"
#include "workflows/smtp_mailer.h"

namespace subledger::workflows {

void AddEmailCapability(CapabilityRegistry* registry, TemplateCatalog templates, Mailer* mailer);

// "<run.step@domain>" for a From address "x@domain".
std::string MessageIdFor(std::string_view run_id, std::string_view step_id, std::string_view from);

}  // namespace subledger::workflows
