#include "workflows/email_template.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace subledger::workflows {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Calls fn(literal) and fn_field(name) in order over `text`.
template <typename Literal, typename Field>
void Scan(std::string_view text, Literal literal, Field field) {
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      literal(text.substr(i));
      return;
    }
    literal(text.substr(i, open - i));
    field(std::string(Trim(text.substr(open + 2, close - open - 2))));
    i = close + 2;
  }
}

const nlohmann::json* Lookup(const nlohmann::json& data, const std::string& path) {
  const nlohmann::json* node = &data;
  size_t start = 0;
  while (node != nullptr) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    node = it == node->end() ? nullptr : &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node != nullptr && !node->is_null() ? node : nullptr;
}

Result<std::string> Fill(std::string_view text, const nlohmann::json& data, const std::string& name) {
  std::string out;
  Status missing;
  Scan(text, [&](std::string_view lit) { out += lit; },
       [&](const std::string& field) {
         const nlohmann::json* value = Lookup(data, field);
         if (value == nullptr) {
           if (missing.ok()) {
             missing = Status::InvalidArgument("template '" + name + "' uses {{" + field + "}}, which data does not set");
           }
           return;
         }
         out += value->is_string() ? value->get<std::string>() : value->dump();
       });
  if (!missing.ok()) return missing;
  return out;
}

}  // namespace

std::vector<std::string> TemplateFields(std::string_view text) {
  std::vector<std::string> fields;
  Scan(text, [](std::string_view) {}, [&](const std::string& f) { fields.push_back(f); });
  return fields;
}

std::vector<std::string> EmailTemplate::Fields() const {
  std::vector<std::string> all = TemplateFields(subject);
  for (std::string& f : TemplateFields(body)) all.push_back(std::move(f));
  std::vector<std::string> distinct;
  for (std::string& f : all) {
    if (std::find(distinct.begin(), distinct.end(), f) == distinct.end()) distinct.push_back(std::move(f));
  }
  return distinct;
}

Result<EmailTemplate> TemplateCatalog::Load(std::string_view name) const {
  static const std::regex kName("[A-Za-z0-9_-]{1,64}");
  const std::string n(name);
  if (!std::regex_match(n, kName)) {
    return Status::InvalidArgument("template '" + n + "': use letters, digits, '-' and '_'");
  }
  const std::string path = dir_ + "/" + n + ".txt";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("template '" + n + "': no file " + path);
  std::stringstream contents;
  contents << in.rdbuf();
  std::string text = contents.str();
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  EmailTemplate t;
  t.name = n;
  size_t eol = text.find('\n');
  std::string first = text.substr(0, eol);
  if (first.rfind("Subject:", 0) != 0) {
    return Status::InvalidArgument("template '" + n + "' (" + path + "): the first line must be 'Subject: ...'");
  }
  t.subject = std::string(Trim(std::string_view(first).substr(8)));
  t.body = eol == std::string::npos ? "" : text.substr(eol + 1);
  if (!t.body.empty() && t.body.front() == '\n') t.body.erase(0, 1);
  return t;
}

Result<RenderedEmail> Render(const EmailTemplate& email, const nlohmann::json& data) {
  Result<std::string> subject = Fill(email.subject, data, email.name);
  if (!subject.ok()) return subject.status();
  if (subject->find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidArgument("template '" + email.name + "': the subject would contain a line break");
  }
  Result<std::string> body = Fill(email.body, data, email.name);
  if (!body.ok()) return body.status();
  return RenderedEmail{std::move(subject).value(), std::move(body).value()};
}

}  // namespace subledger::workflows
