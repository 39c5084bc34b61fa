// A short-lived second thread for work that runs beside the calling thread
// (an extractor's creation divides its work in two with
// Options::build_threads).
#ifndef ATTREX_COMMON_SIDE_THREAD_H_
#define ATTREX_COMMON_SIDE_THREAD_H_

#include <exception>
#include <functional>
#include <thread>

namespace attrex::internal {

class SideThread {
 public:
  SideThread() = default;
  SideThread(const SideThread&) = delete;
  SideThread& operator=(const SideThread&) = delete;
  // Waits for the work, if it was started and not joined.
  ~SideThread();

  // Starts `work` on a new thread, on another CPU than the calling thread's
  // where its affinity allows one (thread_placement.h). Returns false,
  // running nothing, when no thread can be started (the caller then does the
  // work itself).
  bool Start(std::function<void()> work);

  // Waits for the work to end; an exception it threw is thrown here.
  void Join();

 private:
  std::thread thread_;
  std::exception_ptr error_;
};

}  // namespace attrex::internal

#endif  // ATTREX_COMMON_SIDE_THREAD_H_
