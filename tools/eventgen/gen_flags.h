// GenFlags: subledger-gen's command line.
//
//   subledger-gen --events N --seed S [--customers C] [--shuffle]
//                 [--duplicates FRACTION] [--start YYYY-MM-DD|UNIX] [--days N]
//                 [--v2-heavy] [--<rate> VALUE ...] [--out FILE]
//
// Every V2Rates field is a flag (connect_share -> --connect-share); flags
// apply in order, so `--v2-heavy --extreme-share 0.01` turns everything up and
// then sets one rate. The range must end before the machine's clock: a
// generated event is never in the future (spec §1 refuses those).
//
// Thread safety: pure parsing; Parse reads the clock once.
#pragma once

#include <string>

#include "tools/eventgen/generator_options.h"

namespace subledger::eventgen {

struct GenFlags {
  GeneratorOptions options;
  std::string out_path;  // "" = stdout
  bool help = false;

  // Parses argv; on error returns false with *error set.
  static bool Parse(int argc, char** argv, GenFlags* flags, std::string* error);
  static std::string Usage();
};

}  // namespace subledger::eventgen
