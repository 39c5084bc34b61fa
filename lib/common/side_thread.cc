#include "common/side_thread.h"

#include <system_error>
#include <utility>

#include "common/thread_placement.h"

namespace attrex::internal {

SideThread::~SideThread() {
  if (thread_.joinable()) thread_.join();
}

bool SideThread::Start(std::function<void()> work) {
  const ThreadPlacement placement = ThreadPlacement::OffThisCpu();
  try {
    thread_ = std::thread([this, placement, work = std::move(work)] {
      moved_.wait(false, std::memory_order_acquire);
      placement.Release();
      try {
        work();
      } catch (...) {
        error_ = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    return false;
  }
  placement.Move(thread_);
  moved_.store(true, std::memory_order_release);
  moved_.notify_one();
  return true;
}

void SideThread::Join() {
  if (thread_.joinable()) thread_.join();
  if (error_) {
    std::exception_ptr error = std::move(error_);
    error_ = nullptr;
    std::rethrow_exception(error);
  }
}

}  // namespace attrex::internal
