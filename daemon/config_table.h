// subledgerd's one table of settings (config.cc reads it; daemon_usage.cc
// prints it): each flag's name, value name, --help line and section, how its
// value is checked, and the DaemonConfig field it lands in. The same names
// are the --config file's keys.
//
// Thread safety: constant data, built on first use.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "daemon/config.h"
#include "daemon/flag_table.h"

namespace subledger {

// How a setting's text is checked (config.cc):
//   kString non-empty; kAddress HOST:PORT (listen_address.h); kCount a whole
//   number >= 1, kNonNegative >= 0 (both at most 2^40); kDuration positive
//   seconds, decimals allowed; kSpan a SPAN such as 15m (ledger/time_text.h);
//   kRate in (0, 1000]; kBool true|false|1|0; kAccountList acct_ ids.
enum class SettingKind { kString, kAddress, kCount, kNonNegative, kDuration, kSpan, kRate, kBool, kAccountList };

// Where a setting lands in DaemonConfig.
using Target = std::variant<std::string DaemonConfig::*, uint64_t DaemonConfig::*, int64_t DaemonConfig::*,
                            std::chrono::milliseconds DaemonConfig::*, double DaemonConfig::*,
                            bool DaemonConfig::*, std::vector<std::string> DaemonConfig::*>;

// One row of subledgerd's settings: the flag (name, value name, help, the
// --help section it is listed in), how its text is checked, and its field.
struct Setting {
  const char* section;
  const char* name;
  const char* value_name;  // "" = a switch
  SettingKind kind;
  Target target;
  const char* help;
};

// Every setting, in --help order (the last two, help and version, are
// flags only: their section is "").
const std::vector<Setting>& Settings();
// The table as a FlagTable (Boost.Program_options underneath).
const FlagTable& Flags();
// nullptr for a name the table does not have.
const Setting* FindSetting(std::string_view name);

}  // namespace subledger
