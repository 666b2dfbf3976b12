#!/usr/bin/env python3
"""Writes the small committed seed corpus tests/fuzz/corpus/<target>/ from the
shared Stripe fixtures (../shared/fixtures/stripe) plus hand-made edge cases.
tools/fuzz additionally seeds each run with every fixture (not committed)."""
import glob, hashlib, hmac, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
F = os.path.join(ROOT, '..', 'shared', 'fixtures', 'stripe')
C = os.path.join(ROOT, 'tests', 'fuzz', 'corpus')

events = []
for p in sorted(glob.glob(F + '/**/*.json', recursive=True)):
    try:
        j = json.load(open(p, encoding='utf-8'))
    except Exception:
        continue
    if isinstance(j, dict) and j.get('object') == 'event':
        events.append((p, j, open(p, 'rb').read()))
if not events:
    sys.exit('no event fixtures under ' + F)

def w(target, name, data):
    os.makedirs(os.path.join(C, target), exist_ok=True)
    with open(os.path.join(C, target, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def mini(j):
    return json.dumps(j, separators=(',', ':'), ensure_ascii=False)

def sig(secret, t, body):
    return hmac.new(secret.encode(), (t + '.').encode() + body, hashlib.sha256).hexdigest()

small = sorted(events, key=lambda e: len(e[2]))
subs = [e for e in small if e[1]['type'].startswith('customer.subscription')]
pis = [e for e in small if e[1]['type'].startswith('payment_intent')]

# event_envelope: a few small real events and edge cases.
for p, j, raw in subs[:1] + pis[:1] + small[:2]:
    w('event_envelope', os.path.basename(p), raw)
w('event_envelope', 'minimal.json', '{"id":"evt_1","type":"a.b","created":1}')
w('event_envelope', 'escapes.json',
  '{"id":"evt_\\u00e9\\ud83d\\ude00","type":"x\\n","created":0,"livemode":true,'
  '"api_version":"2024-06-20","data":{"object":{"id":"sub_1","object":"subscription"}}}')
w('event_envelope', 'numbers.json',
  '{"id":"evt_n","type":"t","created":9223372036854775807,"a":[-0,1.5e300,1E-5,0.0,[],{}]}')
w('event_envelope', 'utf8.json', '{"id":"evt_u","type":"t","created":5,"s":"caf\u00e9 \U0001F600"}')
w('event_envelope', 'escaped_keys_account.json',
  '{"id":"evt_C","type":"invoice.paid","created":1767225600,"account":"acct_1",'
  '"data":{"\\u006fbject":{"\\u0069d":"in_1","object":"invoice"}}}')

# stripe_signature: "<header>\n<body>" (secrets match stripe_signature_target.cc).
body = small[0][2]
w('stripe_signature', 'valid_primary.txt',
  ('t=1700000000,v1=' + sig('whsec_fuzz_primary_0123456789', '1700000000', body) + '\n').encode() + body)
w('stripe_signature', 'valid_rotated_with_v0.txt',
  ('t=1700000100,v0=deadbeef,v1=' + '0' * 64 + ',v1=' +
   sig('whsec_fuzz_rotated_abcdefghij', '1700000100', b'{}') + '\n{}').encode())
w('stripe_signature', 'stale.txt',
  ('t=1600000000,v1=' + sig('whsec_fuzz_primary_0123456789', '1600000000', b'{"a":1}') + '\n{"a":1}').encode())
w('stripe_signature', 'garbage.txt', 't=abc,v1=,=,,t=,v1\n')
w('stripe_signature', 'two_t.txt', 't=1,t=1700000000,v1=00,x=y\nbody')

# import_lines: JSON Lines, an array, one pretty-printed event, broken input.
w('import_lines', 'lines.jsonl', '\n'.join(mini(e[1]) for e in subs[:2]) + '\n\n  {"id":"evt_bad"}\r\n')
w('import_lines', 'array.json', '[\n' + ',\n'.join(mini(e[1]) for e in subs[:2]) + '\n]\n')
w('import_lines', 'pretty_single.json', small[0][2])
w('import_lines', 'broken_array.json', '[{"id":"evt_1","type":"t","created":1} {"id":"evt_2"}]')
w('import_lines', 'bom_lines.jsonl',
  b'\xef\xbb\xbf{"id":"evt_b","type":"t","created":3}\n{"id":"evt_c","type":"t","created":4}')

# subscription: data.object of real subscription events and edge cases.
for p, j, raw in subs[:3]:
    w('subscription', os.path.basename(p), mini(j['data']['object']))
w('subscription', 'current_shape_discounts.json', mini({
    "id": "sub_x", "object": "subscription", "customer": "cus_1", "status": "active", "currency": "usd",
    "items": {"data": [
        {"price": {"id": "price_1", "unit_amount_decimal": "1234.5678",
                   "recurring": {"interval": "year", "interval_count": 2, "usage_type": "licensed"}},
         "quantity": 3},
        {"price": {"id": "price_2", "unit_amount": None, "recurring": {"interval": "month"}}, "quantity": 1},
        {"price": {"id": "price_3", "unit_amount": 500,
                   "recurring": {"interval": "week", "usage_type": "metered"}}}]},
    "discounts": [{"id": "di_1", "coupon": {"duration": "forever", "percent_off": 12.5}},
                  {"id": "di_2", "source": {"coupon": {"duration": "repeating", "amount_off": 100,
                                                       "currency": "usd"}}}],
    "pause_collection": None, "cancel_at_period_end": True}))
w('subscription', 'legacy_plan.json', mini({
    "id": "sub_y", "customer": "cus_2", "status": "past_due",
    "plan": {"id": "plan_1", "amount": 999, "interval": "day", "interval_count": 7, "currency": "eur"},
    "quantity": 2, "discount": {"coupon": {"duration": "once", "amount_off": 50}}}))
# (Huge amounts/quantities are in tests/fuzz/regressions/subscription/: they
# overflowed Rational's 128 bits.)
print('seed corpus written to', C)
