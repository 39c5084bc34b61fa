// Where a new thread first runs. Linux often starts a thread on its parent's
// CPU, and its balancer took milliseconds to move either: in half of the
// runs of two 4 ms loops on two idle CPUs, they shared one. That is as long
// as the extractor's creation work on a second thread lasts, and a delay at
// the start of every batch. Header-only: the batch tool's work queue uses it
// too.
#ifndef ATTREX_COMMON_THREAD_PLACEMENT_H_
#define ATTREX_COMMON_THREAD_PLACEMENT_H_

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <utility>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace attrex::internal {

// StartOffThisCpu (below) uses it: OffThisCpu() on the starting thread;
// Move() the new thread at once, from there; Release() on the new thread,
// after Move(). Best effort: where a call fails, the scheduler places the
// thread.
class ThreadPlacement {
 public:
  // Another CPU than the calling thread's, if its affinity allows another.
  static ThreadPlacement OffThisCpu() {
    ThreadPlacement p;
#ifdef __linux__
    CPU_ZERO(&p.allowed_);
    const int here = sched_getcpu();
    p.move_ = here >= 0 && here < CPU_SETSIZE &&
              sched_getaffinity(0, sizeof p.allowed_, &p.allowed_) == 0 &&
              CPU_ISSET(here, &p.allowed_) && CPU_COUNT(&p.allowed_) > 1;
    p.elsewhere_ = p.allowed_;
    if (p.move_) CPU_CLR(here, &p.elsewhere_);
#endif
    return p;
  }

  // Queues `thread` on another CPU before it first runs (moving itself, it
  // waited for the starting thread's CPU first, milliseconds at times).
  void Move(std::thread& thread) const {
#ifdef __linux__
    if (move_) {
      pthread_setaffinity_np(thread.native_handle(), sizeof elsewhere_,
                             &elsewhere_);
    }
#else
    (void)thread;
#endif
  }

  // On the moved thread: allowed back on all its CPUs. The scheduler has no
  // reason to move a thread off a CPU of its own, and one kept off a CPU for
  // good could not use it when it falls idle.
  void Release() const {
#ifdef __linux__
    if (move_) sched_setaffinity(0, sizeof allowed_, &allowed_);
#endif
  }

 private:
#ifdef __linux__
  bool move_ = false;
  cpu_set_t allowed_;
  cpu_set_t elsewhere_;
#endif
};

// Starts a thread that runs `work` on another CPU than the calling thread's
// where its affinity allows one. Throws std::system_error as std::thread
// does when no thread can be started.
inline std::thread StartOffThisCpu(std::function<void()> work) {
  const ThreadPlacement placement = ThreadPlacement::OffThisCpu();
  // The thread waits until it is moved before it allows itself every CPU.
  auto moved = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([placement, moved, work = std::move(work)] {
    moved->wait(false, std::memory_order_acquire);
    placement.Release();
    work();
  });
  placement.Move(thread);
  moved->store(true, std::memory_order_release);
  moved->notify_one();
  return thread;
}

}  // namespace attrex::internal

#endif  // ATTREX_COMMON_THREAD_PLACEMENT_H_
