#include "workflows/email_capability.h"

namespace subledger::workflows {
namespace {

using Json = nlohmann::json;

class EmailCapability final : public Capability {
 public:
  EmailCapability(TemplateCatalog templates, Mailer* mailer) : templates_(std::move(templates)), mailer_(mailer) {}

  std::string_view name() const override { return "send-email"; }
  const std::vector<InputSpec>& inputs() const override {
    static const std::vector<InputSpec> specs = {{"to", InputType::kString, true, nullptr},
                                                 {"template", InputType::kString, true, nullptr},
                                                 {"data", InputType::kObject, false, Json::object()}};
    return specs;
  }
  const std::vector<std::string>& outputs() const override {
    static const std::vector<std::string> names = {"messageId", "to"};
    return names;
  }
  EffectKind effect() const override { return EffectKind::kAtLeastOnce; }

  void CheckStep(const StepDefinition& step, std::vector<Problem>* problems) const override {
    const StepInput* name = step.FindInput("template");
    if (name == nullptr || name->value.kind != ValueNode::Kind::kLiteral || !name->value.literal.is_string()) return;
    Result<EmailTemplate> loaded = templates_.Load(name->value.literal.get<std::string>());
    if (!loaded.ok()) {
      problems->push_back({name->line, "step " + step.id + ": " + loaded.status().message()});
      return;
    }
    const StepInput* data = step.FindInput("data");
    for (const std::string& field : loaded->Fields()) {
      const std::string top = field.substr(0, field.find('.'));
      bool given = false;
      if (data != nullptr && data->value.kind == ValueNode::Kind::kMap) {
        for (const auto& [key, value] : data->value.map) given = given || key == top;
      } else {
        given = data != nullptr;  // data computed at run time: checked when the step runs
      }
      if (!given) {
        problems->push_back({data != nullptr ? data->line : step.line,
                             "step " + step.id + ": template '" + loaded->name + "' uses {{" + field +
                                 "}}, which data does not set"});
      }
    }
  }

  Result<Json> Invoke(const CapabilityCall& call) override {
    if (mailer_ == nullptr) return Status::InvalidArgument("send-email: no SMTP server configured (--smtp-url, --smtp-from)");
    Result<EmailTemplate> loaded = templates_.Load(StringInput(call.inputs, "template"));
    if (!loaded.ok()) return loaded.status().WithContext("send-email");
    const Json data = call.inputs.value("data", Json::object());
    Result<RenderedEmail> rendered = Render(*loaded, data);
    if (!rendered.ok()) return rendered.status().WithContext("send-email");
    OutgoingEmail email;
    email.to = StringInput(call.inputs, "to");
    email.subject = rendered->subject;
    email.body = rendered->body;
    email.message_id = MessageIdFor(call.run_id, call.step_id, mailer_->from());
    if (Status s = mailer_->Send(email); !s.ok()) return s.WithContext("send-email");
    return Json{{"messageId", email.message_id}, {"to", email.to}};
  }

  Status CheckInput(const InputSpec& spec, const Json& value) const override {
    if (Status s = Capability::CheckInput(spec, value); !s.ok()) return s;
    if (spec.name == "to" && !SmtpAddressOk(value.get<std::string>())) {
      return Status::InvalidArgument("input 'to': " + value.dump() + ": expected an e-mail address");
    }
    return Status::Ok();
  }

 private:
  static bool SmtpAddressOk(const std::string& to) {
    size_t at = to.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= to.size() || to.size() > 320) return false;
    for (char c : to) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == ',' || c == 0x7f) return false;
    }
    return true;
  }

  TemplateCatalog templates_;
  Mailer* mailer_;
};

}  // namespace

std::string MessageIdFor(std::string_view run_id, std::string_view step_id, std::string_view from) {
  size_t at = from.rfind('@');
  std::string domain = at == std::string_view::npos ? "subledger.invalid" : std::string(from.substr(at + 1));
  return "<" + std::string(run_id) + "." + std::string(step_id) + "@" + domain + ">";
}

void AddEmailCapability(CapabilityRegistry* registry, TemplateCatalog templates, Mailer* mailer) {
  registry->Add(std::make_unique<EmailCapability>(std::move(templates), mailer));
}

}  // namespace subledger::workflows
