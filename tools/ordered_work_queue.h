// A bounded queue of jobs, processed by a pool of threads and handed back in
// the order they were added, each as soon as it and those before it are done.
// The batch tool's pipeline: the caller's thread adds documents and writes
// records, and works on later jobs while the oldest is not done yet, so
// `threads` is the number of threads that extract.
#ifndef ATTREX_TOOLS_ORDERED_WORK_QUEUE_H_
#define ATTREX_TOOLS_ORDERED_WORK_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/thread_placement.h"

namespace attrex::tools {

template <typename Job>
class OrderedWorkQueue {
 public:
  // `process` runs on any of the threads, once per job. `output_bytes` says
  // how much memory a processed job holds until it is taken back: while more
  // than `max_waiting_output` of it waits behind an older job not done yet,
  // no further job is started.
  OrderedWorkQueue(unsigned threads, std::function<void(Job&)> process,
                   std::function<size_t(const Job&)> output_bytes,
                   size_t max_waiting_output)
      : process_(std::move(process)),
        output_bytes_(std::move(output_bytes)),
        max_waiting_output_(max_waiting_output) {
    // The workers start on other CPUs than this thread's
    // (common/thread_placement.h): a worker that shared this thread's CPU
    // waited milliseconds for its first run.
    for (unsigned t = 1; t < threads; ++t)
      pool_.push_back(internal::StartOffThisCpu([this] { Work(); }));
  }

  // Lets the workers finish the jobs they hold and joins them; jobs not
  // started are dropped unprocessed (the caller takes every job it wants
  // before).
  ~OrderedWorkQueue() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
      work_ready_.notify_all();
    }
    for (std::thread& t : pool_) t.join();
  }

  OrderedWorkQueue(const OrderedWorkQueue&) = delete;
  OrderedWorkQueue& operator=(const OrderedWorkQueue&) = delete;

  // Adds a job; `input_bytes` counts towards queued_bytes() until it is taken.
  void Push(std::unique_ptr<Job> job, size_t input_bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({std::move(job), input_bytes, false});
    queued_bytes_ += input_bytes;
    work_ready_.notify_one();
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.size();
  }
  size_t queued_bytes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queued_bytes_;
  }

  // The oldest job once it is processed (this thread processes later ones
  // while it waits); nullptr when the queue is empty.
  std::unique_ptr<Job> PopOldest() {
    std::unique_lock<std::mutex> lock(mu_);
    if (queue_.empty()) return nullptr;
    while (!queue_.front().done) {
      if (StartAllowed()) {
        RunNext(lock);
      } else {
        job_done_.wait(lock);
      }
    }
    Entry entry = std::move(queue_.front());
    queue_.pop_front();
    ++front_index_;
    queued_bytes_ -= entry.input_bytes;
    waiting_output_ -= output_bytes_(*entry.job);
    work_ready_.notify_all();
    return std::move(entry.job);
  }

 private:
  struct Entry {
    std::unique_ptr<Job> job;
    size_t input_bytes;
    bool done;
  };

  bool Unstarted() const { return started_ < front_index_ + queue_.size(); }
  bool StartAllowed() const {
    return Unstarted() && waiting_output_ < max_waiting_output_;
  }

  // Processes the oldest job not started yet; called with `lock` held. The
  // entry stays where it is meanwhile: a deque keeps its elements in place
  // when others are added or removed at its ends, and an entry not done is
  // not removed.
  void RunNext(std::unique_lock<std::mutex>& lock) {
    Entry& entry = queue_[started_ - front_index_];
    ++started_;
    lock.unlock();
    process_(*entry.job);
    lock.lock();
    entry.done = true;
    waiting_output_ += output_bytes_(*entry.job);
    job_done_.notify_all();
  }

  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      work_ready_.wait(lock, [this] { return StartAllowed() || closing_; });
      if (closing_) return;
      RunNext(lock);
    }
  }

  const std::function<void(Job&)> process_;
  const std::function<size_t(const Job&)> output_bytes_;
  const size_t max_waiting_output_;
  mutable std::mutex mu_;
  std::condition_variable work_ready_;  // to workers: a job to start, or the end
  std::condition_variable job_done_;    // to the thread taking jobs back
  std::deque<Entry> queue_;             // front: the oldest job
  size_t front_index_ = 0;  // how many jobs were taken back
  size_t started_ = 0;      // jobs below this position were started
  size_t queued_bytes_ = 0;
  size_t waiting_output_ = 0;  // output bytes of processed jobs not taken back
  bool closing_ = false;  // the queue is being destroyed
  std::vector<std::thread> pool_;
};

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_ORDERED_WORK_QUEUE_H_
