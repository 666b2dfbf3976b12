// WAL check (wal_check.h). The format, from RocksDB's db/log_format.h: the
// file is a sequence of 32 KiB blocks; a block holds physical records and, if
// fewer than a header's bytes are left at its end, zero padding. A record is
//   crc32c (4, masked, little-endian) | length (2, little-endian) | type (1)
//   [| log number (4), recyclable types only] | payload (length bytes)
// and the CRC covers the type byte, the log number if any, and the payload.
#include "ledger/wal_check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "ledger/crc32c.h"

namespace subledger {
namespace {

constexpr size_t kBlockSize = 32768;
constexpr size_t kHeaderSize = 7;
constexpr size_t kRecyclableHeaderSize = 11;
constexpr uint32_t kMaskDelta = 0xa282ead8u;

uint32_t Le32(const unsigned char* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

uint32_t Unmask(uint32_t masked) {
  const uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

// The record at `at` in `block`, if its header and CRC are intact: its total
// size; otherwise 0 and `why` says what is wrong.
size_t IntactRecordAt(std::string_view block, size_t at, const char** why) {
  const auto* p = reinterpret_cast<const unsigned char*>(block.data()) + at;
  const size_t left = block.size() - at;
  if (left < kHeaderSize) {
    *why = "truncated header";
    return 0;
  }
  const size_t length = size_t{p[4]} | size_t{p[5]} << 8;
  const unsigned type = p[6];
  if (type == 0 && length == 0) {
    *why = "zeroed bytes";
    return 0;
  }
  size_t header = kHeaderSize;
  if (type >= 5 && type <= 8) {
    header = kRecyclableHeaderSize;
  } else if (type == 0 || type > 9) {
    *why = "unknown record type";
    return 0;
  }
  if (header + length > left) {
    *why = "record length past the end of its block";
    return 0;
  }
  const std::string_view covered(block.data() + at + 6, header - 6 + length);
  if (Crc32c(covered) != Unmask(Le32(p))) {
    *why = "checksum mismatch";
    return 0;
  }
  return header + length;
}

// Whether any intact record starts in block[from, end).
bool IntactRecordFrom(std::string_view block, size_t from) {
  const char* ignored = nullptr;
  for (size_t at = from; at + kHeaderSize <= block.size(); ++at) {
    const unsigned type = static_cast<unsigned char>(block[at + 6]);
    if (type < 1 || type > 8) continue;  // cheap filter before the CRC
    if (IntactRecordAt(block, at, &ignored) > 0) return true;
  }
  return false;
}

// The WAL files of `dir`, in name order.
Status ListWalFiles(const std::string& dir, std::vector<std::filesystem::path>* wals) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".log" && it->is_regular_file(ec)) wals->push_back(it->path());
  }
  if (ec) return Status::IOError("check WAL files in " + dir + ": " + ec.message());
  std::sort(wals->begin(), wals->end());
  return Status::Ok();
}

// Checks one file; *torn_at and *why as CheckWalBytes.
Status CheckWalFile(const std::string& name, size_t* size, size_t* torn_at, const char** why) {
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("check WAL file " + name + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::IOError("check WAL file " + name + ": " + std::strerror(err));
  }
  *size = static_cast<size_t>(st.st_size);
  *torn_at = *size;
  if (*size == 0) {
    ::close(fd);
    return Status::Ok();
  }
  void* map = ::mmap(nullptr, *size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int map_err = errno;
  ::close(fd);
  if (map == MAP_FAILED) return Status::IOError("check WAL file " + name + ": " + std::strerror(map_err));
  Status s = CheckWalBytes(std::string_view(static_cast<const char*>(map), *size), name, torn_at, why);
  ::munmap(map, *size);
  return s;
}

// Cuts `name` at byte `at`, synced.
Status CutWalFile(const std::string& name, size_t at) {
  const int fd = ::open(name.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cut the torn tail of WAL file " + name + ": " + std::strerror(errno));
  const bool ok = ::ftruncate(fd, static_cast<off_t>(at)) == 0 && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return Status::IOError("cut the torn tail of WAL file " + name + ": " + std::strerror(err));
  return Status::Ok();
}

}  // namespace

Status CheckWalBytes(std::string_view bytes, const std::string& name, size_t* torn_at, const char** why_out) {
  bool damaged = false;
  size_t damage_at = bytes.size();
  const char* why = nullptr;
  for (size_t start = 0; start < bytes.size(); start += kBlockSize) {
    const std::string_view block = bytes.substr(start, kBlockSize);
    size_t at = 0;
    if (!damaged) {
      while (block.size() - at >= kHeaderSize) {
        const size_t size = IntactRecordAt(block, at, &why);
        if (size == 0) break;
        at += size;
      }
      const bool full = block.size() == kBlockSize;
      if (block.size() - at >= kHeaderSize || (!full && at < block.size())) {
        if (block.size() - at < kHeaderSize) why = "truncated header";
        damaged = true;  // a bad record, or a torn header at the end of the file
        damage_at = start + at;
        at += 1;
      } else {
        continue;  // intact up to the block's padding
      }
    }
    if (IntactRecordFrom(block, at)) {
      return Status::Corruption("WAL file " + name + " is corrupt at byte " +
                                std::to_string(damage_at) + " (" + why +
                                ") and intact records follow it: replaying it would silently drop "
                                "acknowledged events; restore the data directory from a backup");
    }
  }
  if (torn_at != nullptr) *torn_at = damage_at;
  if (why_out != nullptr) *why_out = damaged ? why : nullptr;
  return Status::Ok();  // intact, or only a torn tail
}

Status CheckWalFiles(const std::string& dir, WalTails tails, std::vector<std::string>* cut) {
  std::vector<std::filesystem::path> wals;
  if (Status listed = ListWalFiles(dir, &wals); !listed.ok()) return listed;
  struct Torn {
    std::string name;
    size_t size, at;
    const char* why;
  };
  std::vector<Torn> torn;
  for (const auto& wal : wals) {  // every file checked before any is cut
    Torn t{wal.string(), 0, 0, nullptr};
    if (Status s = CheckWalFile(t.name, &t.size, &t.at, &t.why); !s.ok()) return s;
    if (t.at < t.size) torn.push_back(t);
  }
  if (tails == WalTails::kKeep) return Status::Ok();
  for (const Torn& t : torn) {
    if (Status s = CutWalFile(t.name, t.at); !s.ok()) return s;
    if (cut != nullptr) {
      cut->push_back(t.name + ": cut " + std::to_string(t.size - t.at) + " bytes at byte " + std::to_string(t.at) +
                     " (" + (t.why != nullptr ? t.why : "torn") + ")");
    }
  }
  return Status::Ok();
}

}  // namespace subledger
