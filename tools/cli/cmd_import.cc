// subledger import: append events from files (JSON Lines or a JSON array) to
// the log, skipping ids already present. See kUsage for the rules.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>

#include "ledger/event_log.h"
#include "ledger/read_file.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"
#include "tools/cli/event_file_reader.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger import --data-dir D FILE...   (FILE '-' reads stdin)\n"
    "Appends Stripe events to the log (source: import), durably, skipping event ids\n"
    "already in the log. A file is JSON Lines (one event per line; a file holding one\n"
    "pretty-printed event is one event) or a JSON array of events; each event's bytes are\n"
    "stored exactly as they appear in the file. A malformed line (or one whose `created` is\n"
    "not a Stripe event time: before 2010, or more than a day ahead of this machine's clock)\n"
    "is reported as FILE:LINE and nothing from it is written; the other lines are still\n"
    "imported, and the exit status is 1. Counts are printed per file and in total.\n"
    "Works while subledgerd is stopped; if it holds the database, import says so.\n";

constexpr size_t kChunk = 2048;  // events per AppendMany

struct Counts {
  uint64_t read = 0, appended = 0, duplicates = 0, rejected = 0;
  void Add(const Counts& o) {
    read += o.read;
    appended += o.appended;
    duplicates += o.duplicates;
    rejected += o.rejected;
  }
};

void PrintCounts(const std::string& label, const Counts& c) {
  std::printf("import: %s: read %llu, appended %llu, duplicates %llu, rejected %llu\n",
              label.c_str(), static_cast<unsigned long long>(c.read),
              static_cast<unsigned long long>(c.appended),
              static_cast<unsigned long long>(c.duplicates),
              static_cast<unsigned long long>(c.rejected));
}

// A file's bytes. Regular files are memory-mapped read-only (a 2 GB export
// costs page cache, which the kernel can drop behind the sequential read, not
// 2 GB of heap); stdin and other streams are read into memory.
class FileText {
 public:
  FileText() = default;
  ~FileText() {
    if (map_ != nullptr) munmap(map_, size_);
  }
  FileText(const FileText&) = delete;
  FileText& operator=(const FileText&) = delete;

  // "" when loaded, else why not ("no such file", "is a directory, not a
  // file", ...). A pipe, a FIFO (waiting for its writer) or a device like
  // /dev/null is read to its end; never throws.
  std::string Load(const std::string& path) {
    const bool stdin_input = path == "-";
    const int fd = stdin_input ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return FileErrorReason(errno);
    std::string why;
    struct stat st;
    if (fstat(fd, &st) != 0) {
      why = FileErrorReason(errno);
    } else if (S_ISDIR(st.st_mode)) {
      why = FileErrorReason(EISDIR);
    } else if (S_ISREG(st.st_mode) && st.st_size > 0) {
      why = Map(fd, static_cast<size_t>(st.st_size));
    } else {
      const Status read = ReadToEnd(fd, path, UINT64_MAX, &owned_);
      if (!read.ok()) why = read.message();
    }
    if (!stdin_input) close(fd);
    return why;
  }
  // Drops the mapped pages wholly before `upto` (bytes already imported) from
  // this process's memory; a no-op for stream input.
  void Release(const char* upto) {
    if (map_ == nullptr) return;
    const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const uintptr_t end = (reinterpret_cast<uintptr_t>(upto) & ~(page - 1));
    if (end > released_) {
      madvise(reinterpret_cast<void*>(released_), end - released_, MADV_DONTNEED);
      released_ = end;
    }
  }
  std::string_view text() const {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), size_) : owned_;
  }

 private:
  std::string Map(int fd, size_t size) {
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) return FileErrorReason(errno);
    map_ = map;
    size_ = size;
    released_ = reinterpret_cast<uintptr_t>(map_);
    madvise(map_, size_, MADV_SEQUENTIAL);
    return "";
  }

  void* map_ = nullptr;
  size_t size_ = 0;
  uintptr_t released_ = 0;  // pages below this address were dropped
  std::string owned_;
};

class Importer {
 public:
  explicit Importer(EventLog* log) : log_(log) {}

  // Imports one file; false when the log failed (stop everything).
  bool ImportFile(const std::string& path, Counts* counts) {
    FileText file;
    if (const std::string why = file.Load(path); !why.empty()) {
      std::fprintf(stderr, "subledger import: %s: cannot read the file: %s\n", path.c_str(), why.c_str());
      ++counts->rejected;
      return true;
    }
    counts_ = counts;
    size_t problem_line = 0;
    bool log_ok = true;
    Status file_status = ReadEventFile(
        file.text(), SystemClock::Instance(),
        [&](EventFileItem& item) {
          ++counts_->read;
          if (!item.envelope.ok()) {
            ++counts_->rejected;
            std::fprintf(stderr, "subledger import: %s:%zu: %s\n", path.c_str(), item.line,
                         item.envelope.status().message().c_str());
            return;
          }
          PendingEvent e;
          e.envelope = std::move(item.envelope).value();
          e.body.assign(item.body);
          e.source = EventSource::kImport;
          pending_.push_back(std::move(e));
          if (pending_.size() >= kChunk && log_ok) {
            log_ok = Flush();
            file.Release(item.body.data());  // everything before this item is copied and written
          }
        },
        &problem_line);
    if (log_ok) log_ok = Flush();
    if (!file_status.ok()) {
      ++counts->read;
      ++counts->rejected;
      std::fprintf(stderr, "subledger import: %s:%zu: %s\n", path.c_str(), problem_line,
                   file_status.message().c_str());
    }
    return log_ok;
  }

 private:
  bool Flush() {
    if (pending_.empty()) return true;
    auto outcomes = log_->AppendMany(std::move(pending_));
    pending_.clear();
    if (!outcomes.ok()) {
      std::fprintf(stderr, "subledger import: %s\n", outcomes.status().message().c_str());
      return false;
    }
    for (const AppendOutcome& o : *outcomes) {
      if (o.kind == AppendOutcome::Kind::kAppended) {
        ++counts_->appended;
      } else {
        ++counts_->duplicates;
      }
    }
    return true;
  }

  EventLog* log_;
  Counts* counts_ = nullptr;
  std::vector<PendingEvent> pending_;
};

int Import(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir"}, {"--help"});
  if (a.Has("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!a.error().empty() || a.positional().empty()) {
    std::fprintf(stderr, "subledger import: %s\n%s",
                 a.error().empty() ? "no files given" : a.error().c_str(), kUsage);
    return 2;
  }
  EventLogOptions options;
  options.data_dir = a.Value("--data-dir").value_or("./data");
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger import: %s\n", log.status().message().c_str());
    return 1;
  }
  Importer importer(log->get());
  Counts total;
  bool log_ok = true;
  for (const std::string& path : a.positional()) {
    Counts counts;
    log_ok = importer.ImportFile(path, &counts);
    PrintCounts(path, counts);
    total.Add(counts);
    if (!log_ok) break;
  }
  if (a.positional().size() > 1) PrintCounts("total", total);
  (*log)->Close();
  return log_ok && total.rejected == 0 ? 0 : 1;
}

}  // namespace

SUBLEDGER_COMMAND("import", "append events from JSON Lines / JSON array files to the log", Import);

}  // namespace subledger::cli
