// E-mail templates for send-email: plain-text files in a directory, one per
// template, named <template>.txt. The first line is "Subject: ...", then a
// blank line, then the body. {{field}} (spaces inside the braces allowed,
// dotted paths such as {{invoice.number}} reach into objects) is replaced
// by that field of the step's `data`; a field that data does not set is an
// error, so a half-filled e-mail is never sent.
//
//   Subject: Your payment link
//
//   Hello,
//   complete your payment of {{amount}} cents with {{clientSecret}}.
//
// Template names: letters, digits, '-' and '_' (no paths).
//
// Thread safety: TemplateCatalog reads files on each call; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/status.h"

namespace subledger::workflows {

struct EmailTemplate {
  std::string name;
  std::string subject;  // with {{fields}}, not rendered
  std::string body;     // with {{fields}}, not rendered
  std::vector<std::string> Fields() const;  // every {{field}} used, in order, distinct
};

struct RenderedEmail {
  std::string subject;
  std::string body;
};

class TemplateCatalog {
 public:
  explicit TemplateCatalog(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  // kNotFound "template 'x': no file DIR/x.txt"; kInvalidArgument for a bad
  // name or a file without its "Subject:" line.
  Result<EmailTemplate> Load(std::string_view name) const;

 private:
  std::string dir_;
};

// kInvalidArgument naming the first {{field}} that `data` lacks, or a subject
// that would contain a line break.
Result<RenderedEmail> Render(const EmailTemplate& email, const nlohmann::json& data);

// The {{fields}} used in `text`, in order (duplicates kept).
std::vector<std::string> TemplateFields(std::string_view text);

}  // namespace subledger::workflows
