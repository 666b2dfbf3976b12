// Workflow definitions: the integration doc's format loads as written (bar
// its version typo), the shipped files are sound, and every kind of mistake
// is named with its line -- before anything could be sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"
#include "tests/workflows/workflow_test_util.h"
#include "workflows/expression.h"

namespace subledger {
namespace {

using testing::ProblemsOf;
using ::testing::HasSubstr;

class DefinitionTest : public ::testing::Test {
 protected:
  std::unique_ptr<workflows::CapabilityRegistry> caps_ =
      workflows::StandardCapabilities(nullptr, workflows::TemplateCatalog(testing::ShippedTemplates()), nullptr);

  std::string Joined(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems) out += p + "\n";
    return out;
  }
};

// The doc's example, byte for byte from the seed (with its typo).
std::string DocExample() {
  std::ifstream in(testing::SharedDir() + "/seeds/contractspec-stripe-integration.txt");
  std::stringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  size_t start = text.find("workflowId: process-payment");
  size_t end = text.find("Testing", start);
  return text.substr(start, end - start);
}

TEST_F(DefinitionTest, TheDocsExampleAsWrittenIsAYamlErrorOnItsVersionLine) {
  const std::string doc = DocExample();
  ASSERT_THAT(doc, HasSubstr("version: '1.0.0'.0.0"));
  std::vector<std::string> problems = ProblemsOf(doc, *caps_);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("2: YAML syntax error"));
}

TEST_F(DefinitionTest, TheDocsExampleWithTheVersionFixedIsTheShippedFile) {
  std::string doc = DocExample();
  doc.replace(doc.find("'1.0.0'.0.0"), 11, "'1.0.0'");
  EXPECT_EQ(Joined(ProblemsOf(doc, *caps_)), "");
  workflows::Definition shipped = testing::DefinitionOf(testing::ShippedWorkflow("process-payment.yaml"), *caps_);
  workflows::ParsedDefinition fixed = workflows::ParseDefinition(doc, "doc");
  ASSERT_EQ(shipped.steps.size(), fixed.definition.steps.size());
  for (size_t i = 0; i < shipped.steps.size(); ++i) {
    EXPECT_EQ(shipped.steps[i].id, fixed.definition.steps[i].id);
    EXPECT_EQ(shipped.steps[i].capability, fixed.definition.steps[i].capability);
    EXPECT_EQ(shipped.steps[i].on_success, fixed.definition.steps[i].on_success);
    EXPECT_EQ(shipped.steps[i].on_failure, fixed.definition.steps[i].on_failure);
  }
  EXPECT_EQ(shipped.workflow_id, "process-payment");
  EXPECT_EQ(shipped.version, "1.0.0");
}

TEST_F(DefinitionTest, EveryShippedDefinitionChecks) {
  for (const char* name : {"process-payment.yaml", "dunning.yaml", "trial-ending.yaml"}) {
    workflows::Definition d = testing::DefinitionOf(testing::ShippedWorkflow(name), *caps_);
    EXPECT_FALSE(d.steps.empty()) << name;
  }
  workflows::Definition dunning = testing::DefinitionOf(testing::ShippedWorkflow("dunning.yaml"), *caps_);
  ASSERT_TRUE(dunning.trigger);
  EXPECT_EQ(dunning.trigger->event, "invoice.payment_failed");
  EXPECT_EQ(dunning.trigger->until, (std::vector<std::string>{"invoice.paid", "invoice.payment_succeeded"}));
  EXPECT_EQ(dunning.steps[1].after_seconds, 3 * 86400);
  EXPECT_EQ(dunning.steps[3].capability, "stripe-cancel-subscription");
}

TEST_F(DefinitionTest, ScalarsAreTypedAndReferencesKeepTheirType) {
  workflows::ParsedDefinition p = workflows::ParseDefinition(
      "workflowId: w\nversion: 1\nsteps:\n  - id: a\n    capability: stripe-create-payment-intent\n"
      "    inputs:\n      amount: 2000\n      currency: \"usd\"\n      metadata: {order: '42', note: 'n ${input.x}'}\n",
      "t");
  ASSERT_TRUE(p.problems.empty());
  const auto& inputs = p.definition.steps[0].inputs;
  EXPECT_EQ(inputs[0].value.literal, 2000);
  EXPECT_EQ(inputs[1].value.literal, "usd");
  EXPECT_EQ(inputs[2].value.map[0].value.literal, "42");
  EXPECT_EQ(inputs[2].value.map[1].value.kind, workflows::ValueNode::Kind::kText);
  EXPECT_EQ(p.definition.version, "1");
}

TEST_F(DefinitionTest, MistakesAreNamedWithTheirLines) {
  const std::string yaml =
      "workflowId: broken\n"                                  // 1
      "version: '1'\n"                                         // 2
      "steps:\n"                                               // 3
      "  - id: pay\n"                                          // 4
      "    capability: stripe-create-payment-intent\n"         // 5
      "    inputs:\n"                                          // 6
      "      customerId: ${steps.mail.output.messageId}\n"     // 7  mail has not run yet
      "    onSuccess: mail\n"                                  // 8
      "    onFailure: nowhere\n"                               // 9  unknown step
      "  - id: mail\n"                                         // 10 missing to/template
      "    capability: send-email\n"                           // 11
      "    onSuccess: pay\n"                                   // 12
      "  - id: bad\n"                                          // 13
      "    capability: stripe-make-coffee\n";                  // 14
  std::string all = Joined(ProblemsOf(yaml, *caps_));
  EXPECT_THAT(all, HasSubstr("9: step pay: onFailure: unknown step 'nowhere'"));
  EXPECT_THAT(all, HasSubstr("14: step bad: unknown capability 'stripe-make-coffee'"));
  EXPECT_THAT(all, HasSubstr("4: step pay: missing required input 'amount' of stripe-create-payment-intent"));
  EXPECT_THAT(all, HasSubstr("10: step mail: missing required input 'to' of send-email"));
}

TEST_F(DefinitionTest, ACycleIsNamedAtTheEdgeThatClosesIt) {
  const std::string yaml =
      "workflowId: loop\nversion: '1'\nsteps:\n"
      "  - id: a\n    capability: stripe-get-customer\n    inputs: {customerId: cus_1}\n    onSuccess: b\n"
      "  - id: b\n    capability: stripe-get-customer\n    inputs: {customerId: cus_1}\n    onFailure: a\n";
  std::vector<std::string> problems = ProblemsOf(yaml, *caps_);
  ASSERT_EQ(problems.size(), 1u) << Joined(problems);
  EXPECT_EQ(problems[0], "11: cycle: a -> b -> a (a run must end)");
}

TEST_F(DefinitionTest, AReferenceToAStepThatCannotHaveRunYet) {
  // notify runs after a failure of `create`: create's output does not exist there.
  const std::string yaml =
      "workflowId: w\nversion: '1'\nsteps:\n"
      "  - id: create\n    capability: stripe-create-customer\n    inputs: {email: a@example.com}\n"
      "    onSuccess: notify\n    onFailure: notify\n"
      "  - id: notify\n    capability: stripe-get-customer\n"
      "    inputs:\n      customerId: ${steps.create.output.customerId}\n";
  std::string all = Joined(ProblemsOf(yaml, *caps_));
  EXPECT_THAT(all, HasSubstr("12: step notify: input 'customerId': ${steps.create.output.customerId}: "
                             "step create cannot have run yet"));
}

TEST_F(DefinitionTest, ErrorEventAndOutputReferencesAreChecked) {
  const std::string yaml =
      "workflowId: w\nversion: '1'\nsteps:\n"
      "  - id: find\n    capability: stripe-get-customer\n"
      "    inputs:\n      customerId: ${event.object.customer}\n    onSuccess: mail\n"
      "  - id: mail\n    capability: send-email\n"
      "    inputs:\n      to: ${steps.find.output.mail}\n      template: payment-error\n"
      "      data: {error: '${error.message}'}\n";
  std::string all = Joined(ProblemsOf(yaml, *caps_));
  EXPECT_THAT(all, HasSubstr("7: step find: input 'customerId': ${event.object.customer}: only a workflow with a trigger has an event"));
  EXPECT_THAT(all, HasSubstr("12: step mail: input 'to': ${steps.find.output.mail}: stripe-get-customer has no output 'mail'"));
  EXPECT_THAT(all, HasSubstr("14: step mail: input 'data': ${error.message}: this step can run without a failure"));
}

TEST_F(DefinitionTest, TyposAndBadValuesAreNamed) {
  const std::string yaml =
      "workflowId: w\nversion: '1'\nsteps:\n"
      "  - id: pay\n    capability: stripe-create-payment-intent\n"
      "    inputs:\n      amount: 12.50\n      curency: usd\n"
      "    onSucess: x\n    after: soon\n";
  std::string all = Joined(ProblemsOf(yaml, *caps_));
  EXPECT_THAT(all, HasSubstr("9: step 1: unknown key 'onSucess'"));
  EXPECT_THAT(all, HasSubstr("10: step pay: after: expected a duration"));
  std::string checked = Joined(ProblemsOf("workflowId: w\nversion: '1'\nsteps:\n  - id: pay\n"
                                          "    capability: stripe-create-payment-intent\n    inputs:\n"
                                          "      amount: 12.50\n      curency: usd\n", *caps_));
  EXPECT_THAT(checked, HasSubstr("7: step pay: input 'amount': 12.5: expected a whole number of cents"));
  EXPECT_THAT(checked, HasSubstr("8: step pay: stripe-create-payment-intent has no input 'curency'"));
}

TEST_F(DefinitionTest, ATemplateMustExistAndDataMustSetItsFields) {
  const std::string yaml =
      "workflowId: w\nversion: '1'\nsteps:\n"
      "  - id: a\n    capability: send-email\n    inputs:\n      to: a@example.com\n      template: payment-link\n"
      "      data: {amount: 5}\n"
      "  - id: b\n    capability: send-email\n    inputs: {to: a@example.com, template: no-such-template}\n";
  std::string all = Joined(ProblemsOf(yaml, *caps_));
  EXPECT_THAT(all, HasSubstr("9: step a: template 'payment-link' uses {{clientSecret}}, which data does not set"));
  EXPECT_THAT(all, HasSubstr("12: step b: template 'no-such-template': no file"));
}

TEST_F(DefinitionTest, RunInputsAreCheckedBeforeAnythingIsSent) {
  workflows::Definition d = testing::DefinitionOf(testing::ShippedWorkflow("process-payment.yaml"), *caps_);
  nlohmann::json good = {{"customerEmail", "ada@example.com"}, {"customerName", "Ada"}, {"amount", "2000"}};
  EXPECT_TRUE(workflows::CheckRunInputs(d, *caps_, good).ok());
  nlohmann::json no_name = {{"customerEmail", "ada@example.com"}, {"amount", "2000"}};
  EXPECT_TRUE(workflows::CheckRunInputs(d, *caps_, no_name).ok()) << "name is optional";

  auto message = [&](nlohmann::json input) { return workflows::CheckRunInputs(d, *caps_, input).message(); };
  EXPECT_THAT(message({{"customerEmail", "ada@example.com"}, {"amount", "12.50"}}),
              HasSubstr("input 'amount': step create-payment-intent: input 'amount': \"12.50\": expected a whole number of cents"));
  EXPECT_THAT(message({{"customerEmail", "not-an-address"}, {"amount", "5"}}),
              HasSubstr("input 'customerEmail': step create-customer: input 'email'"));
  EXPECT_THAT(message({{"customerEmail", "ada@example.com"}}), HasSubstr("input 'amount' is required"));
  EXPECT_THAT(message({{"customerEmail", "ada@example.com"}, {"amount", "5"}, {"amont", "5"}}),
              HasSubstr("input 'amont': process-payment does not use it (it uses: amount, customerEmail, customerName)"));
}

TEST_F(DefinitionTest, ReferencesEvaluateWithFallbacks) {
  auto parts = workflows::ParseText("${event.object.subscription || event.object.parent.subscription_details.subscription}");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  workflows::ValueNode node;
  node.kind = workflows::ValueNode::Kind::kText;
  node.parts = *parts;
  nlohmann::json basil = {{"object", {{"parent", {{"subscription_details", {{"subscription", "sub_new"}}}}}}}};
  nlohmann::json legacy = {{"object", {{"subscription", "sub_old"}}}};
  workflows::Scope scope;
  scope.event = &basil;
  EXPECT_EQ(*workflows::Evaluate(node, scope), "sub_new");
  scope.event = &legacy;
  EXPECT_EQ(*workflows::Evaluate(node, scope), "sub_old");
  EXPECT_FALSE(workflows::ParseText("${input.}").ok());
  EXPECT_FALSE(workflows::ParseText("${steps.a.customerId}").ok());
  EXPECT_FALSE(workflows::ParseText("${secrets.key}").ok());
}

}  // namespace
}  // namespace subledger
