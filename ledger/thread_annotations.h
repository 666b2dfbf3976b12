// Locking rules the compiler checks: Clang's thread-safety analysis
// (-Wthread-safety) on annotated mutexes. Under GCC, which builds the
// project, every annotation is empty; tools/check-thread-safety (a ctest)
// runs Clang's analysis over every file that includes this header.
//
//   Mutex mu_;
//   int count_ SL_GUARDED_BY(mu_);
//   void Add() SL_EXCLUDES(mu_) { MutexLock lock(mu_); ++count_; }
//
// Mutex and SharedMutex are std::mutex and std::shared_mutex with the
// capability attributes; MutexLock, ReaderLock and WriterLock are their
// scoped holders. A condition variable waits through MutexLock::Wait*, in a
// loop written in the locked scope (a predicate lambda would be a function
// of its own, which the analysis cannot see holding the lock).
//
// Thread safety: what the types say; the macros are attributes only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#if defined(__clang__)
#define SL_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define SL_THREAD_ANNOTATION(x)
#endif

#define SL_CAPABILITY(x) SL_THREAD_ANNOTATION(capability(x))
#define SL_SCOPED_CAPABILITY SL_THREAD_ANNOTATION(scoped_lockable)
#define SL_GUARDED_BY(x) SL_THREAD_ANNOTATION(guarded_by(x))
#define SL_PT_GUARDED_BY(x) SL_THREAD_ANNOTATION(pt_guarded_by(x))
#define SL_REQUIRES(...) SL_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define SL_REQUIRES_SHARED(...) SL_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define SL_ACQUIRE(...) SL_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define SL_ACQUIRE_SHARED(...) SL_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define SL_RELEASE(...) SL_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define SL_RELEASE_SHARED(...) SL_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define SL_EXCLUDES(...) SL_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// For the few functions whose locking the analysis cannot follow; say why.
#define SL_NO_THREAD_SAFETY_ANALYSIS SL_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace subledger {

class SL_CAPABILITY("mutex") Mutex {
 public:
  void Lock() SL_ACQUIRE() { mu_.lock(); }
  void Unlock() SL_RELEASE() { mu_.unlock(); }

 private:
  friend class MutexLock;
  std::mutex mu_;
};

// Holds a Mutex for its scope; Wait* release it while blocked.
class SL_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) SL_ACQUIRE(mu) : lock_(mu.mu_) {}
  ~MutexLock() SL_RELEASE() {}
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // Blocks until `cv` is notified (or spuriously wakes): re-check the
  // condition in a loop.
  void Wait(std::condition_variable& cv) { cv.wait(lock_); }
  // The same, at most `timeout`; false when it timed out.
  template <class Rep, class Period>
  bool WaitFor(std::condition_variable& cv, std::chrono::duration<Rep, Period> timeout) {
    return cv.wait_for(lock_, timeout) == std::cv_status::no_timeout;
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

class SL_CAPABILITY("shared_mutex") SharedMutex {
 private:
  friend class ReaderLock;
  friend class WriterLock;
  std::shared_mutex mu_;
};

class SL_SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex& mu) SL_ACQUIRE_SHARED(mu) : lock_(mu.mu_) {}
  ~ReaderLock() SL_RELEASE() {}
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  std::shared_lock<std::shared_mutex> lock_;
};

class SL_SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex& mu) SL_ACQUIRE(mu) : lock_(mu.mu_) {}
  ~WriterLock() SL_RELEASE() {}
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  std::unique_lock<std::shared_mutex> lock_;
};

}  // namespace subledger
