// PageStyle (dashboard_page.h): the page's only stylesheet, inline. One
// column on a phone, where chart text grows to stay ~11 px once the chart is
// scaled down; cards side by side from ~900 px; a print layout without
// navigation whose cards never split across pages.
#include "dashboard/dashboard_page.h"

namespace subledger::dashboard {

const char* PageStyle() {
  return R"css(
:root{--ink:#1d2433;--muted:#5b6475;--line:#d8dde6;--card:#fff;--bg:#f4f6f9;
--mrr:#2f6fdf;--new:#1f9d55;--expansion:#7cc48f;--reactivation:#1aa3a3;--contraction:#f0a030;--churn:#d6453d;
--net:#1d2433;--healthy:#1f9d55;--warning:#e0a100;--critical:#d6453d}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
header,main,.ops,footer{padding:0 16px;max-width:1280px;margin:0 auto}
h1{font-size:1.35rem;margin:16px 0 8px}h1 .book{color:var(--muted);font-weight:500}
h2{font-size:1.2rem;margin:24px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
nav{margin:4px 0;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
nav .label,.ops .label,.tile .label{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
nav a{padding:2px 10px;border:1px solid var(--line);border-radius:999px;color:var(--ink);text-decoration:none;background:var(--card)}
nav a.current{background:var(--ink);color:#fff;border-color:var(--ink)}
.ops{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:6px 16px;margin-top:10px;padding-top:10px;padding-bottom:10px;
background:var(--card);border:1px solid var(--line);border-radius:8px}
.op{border-left:4px solid var(--line);padding-left:8px}
.op.healthy{border-color:var(--healthy)}.op.warning{border-color:var(--warning)}.op.critical{border-color:var(--critical)}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 10px}
.tile .value{font-size:1.25rem;font-weight:600;font-variant-numeric:tabular-nums}
.tile.attention{border-color:var(--warning);box-shadow:inset 4px 0 0 var(--warning)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr));gap:12px;margin-top:12px}
.card{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card figcaption{font-weight:600;margin-bottom:4px}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-size:12px;fill:var(--muted)}
svg.chart .grid{stroke:var(--line);stroke-width:1}svg.chart .zero{stroke:var(--muted);stroke-width:1}
svg.chart .reference{stroke:var(--ink);stroke-dasharray:5 4}
svg.chart .line{fill:none;stroke-width:2.2}svg.chart .area{stroke:none;opacity:.15}
svg.chart .band{opacity:.13}
.band-healthy{fill:var(--healthy);background:var(--healthy)}.band-warning{fill:var(--warning);background:var(--warning)}
.band-critical{fill:var(--critical);background:var(--critical)}
.legend .band-healthy,.legend .band-warning,.legend .band-critical{opacity:.35}
.s-mrr{stroke:var(--mrr);fill:var(--mrr);background:var(--mrr)}.s-new{fill:var(--new);background:var(--new)}
.s-expansion{fill:var(--expansion);background:var(--expansion)}.s-reactivation{fill:var(--reactivation);background:var(--reactivation)}
.s-contraction{fill:var(--contraction);background:var(--contraction)}.s-churn{fill:var(--churn);background:var(--churn)}
.s-net{stroke:var(--net);fill:var(--net);background:var(--net)}
.s-customers,.s-nrr,.s-payments,.s-trials{stroke:var(--mrr);fill:var(--mrr);background:var(--mrr)}
.s-subscriptions,.s-grr,.s-involuntary{stroke:#8a4fbf;fill:#8a4fbf;background:#8a4fbf}
svg.chart .line{fill:none}
.legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.note{color:var(--muted);font-size:.82rem;margin:4px 0 0}
details.months{margin-top:12px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px}
details.months summary{font-weight:600;cursor:pointer}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums;margin-top:6px}
th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
thead th{position:sticky;top:0;background:var(--card)}th[scope=row]{text-align:left}
footer{color:var(--muted);font-size:.8rem;margin:24px auto;padding-bottom:24px}
.empty{padding:24px 0;color:var(--muted)}
@media (max-width:600px){svg.chart text{font-size:16px}h1{font-size:1.2rem}.tile .value{font-size:1.1rem}}
@media print{
body{background:#fff;font-size:11px}nav{display:none}
.card,.tile,.ops,details.months{border-color:#bbb;break-inside:avoid}
.cards{grid-template-columns:1fr 1fr}section.currency{break-before:page}
section.currency:first-of-type{break-before:auto}.scroll{overflow:visible}
table{font-size:8px}th,td{padding:1px 3px}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";
}

}  // namespace subledger::dashboard
