#include "common/side_thread.h"

#include <system_error>
#include <utility>

#include "common/thread_placement.h"

namespace attrex::internal {

SideThread::~SideThread() {
  if (thread_.joinable()) thread_.join();
}

bool SideThread::Start(std::function<void()> work) {
  try {
    thread_ = StartOffThisCpu([this, work = std::move(work)] {
      try {
        work();
      } catch (...) {
        error_ = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    return false;
  }
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
