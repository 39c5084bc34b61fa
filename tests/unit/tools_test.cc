// Tests of the batch tool's parts (tools/): the ordered work queue, the
// mention spill and the block stream buffers.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "block_streams.h"
#include "jsonl_reader.h"
#include "mention_spill.h"
#include "ordered_work_queue.h"

namespace attrex::tools {
namespace {

struct Work {
  int input = 0;
  std::string output;
  int delay_us = 0;
};

// Jobs of random durations on several threads come back in the order they
// went in, each processed once, while new jobs keep coming.
TEST(OrderedWorkQueueTest, JobsComeBackInInputOrder) {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::atomic<int> processed{0};
    OrderedWorkQueue<Work> queue(
        threads,
        [&](Work& w) {
          std::this_thread::sleep_for(std::chrono::microseconds(w.delay_us));
          w.output = std::to_string(w.input * 2);
          ++processed;
        },
        [](const Work& w) { return w.output.size(); }, 1 << 20);
    std::mt19937 random(threads);
    int next_in = 0;
    int next_out = 0;
    while (next_out < 500) {
      while (next_in < 500 && queue.size() < 16) {
        auto w = std::make_unique<Work>();
        w->input = next_in++;
        w->delay_us = static_cast<int>(random() % 300);
        queue.Push(std::move(w), 10);
      }
      EXPECT_EQ(queue.queued_bytes(), queue.size() * 10);
      std::unique_ptr<Work> w = queue.PopOldest();
      ASSERT_NE(w, nullptr);
      EXPECT_EQ(w->input, next_out);
      EXPECT_EQ(w->output, std::to_string(next_out * 2));
      ++next_out;
    }
    EXPECT_EQ(queue.PopOldest(), nullptr);
    EXPECT_EQ(processed.load(), 500) << threads << " threads";
  }
}

// While the oldest job is slow, no more output than the limit piles up behind
// it (plus what the threads were already doing).
TEST(OrderedWorkQueueTest, WaitingOutputIsBounded) {
  std::atomic<size_t> waiting{0};
  std::atomic<size_t> most_waiting{0};
  OrderedWorkQueue<Work> queue(
      3,
      [&](Work& w) {
        if (w.input == 0)
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        w.output.assign(1000, 'x');
        if (w.input != 0) {
          const size_t now = waiting += 1000;
          size_t most = most_waiting;
          while (now > most && !most_waiting.compare_exchange_weak(most, now)) {
          }
        }
      },
      [](const Work& w) { return w.output.size(); }, 5000);
  for (int i = 0; i < 100; ++i) {
    auto w = std::make_unique<Work>();
    w->input = i;
    queue.Push(std::move(w), 1);
  }
  for (int i = 0; i < 100; ++i) {
    auto w = queue.PopOldest();
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->input, i);
    if (i > 0) waiting -= 1000;
  }
  // 5000 bytes of limit, then at most one job per thread already started.
  EXPECT_LE(most_waiting.load(), 5000u + 3 * 1000u);
}

// Mentions read back from the spill are the ones written, strings and
// candidates included, in order.
TEST(MentionSpillTest, ReadsBackWhatWasWritten) {
  MentionSpill spill;
  ASSERT_TRUE(spill.ok()) << spill.error();
  std::vector<Mention> written;
  for (int i = 0; i < 3000; ++i) {
    Mention m;
    m.type = static_cast<EntityType>(i % 3);
    m.start = static_cast<size_t>(i) * 10;
    m.end = m.start + 5 + static_cast<size_t>(i % 7);
    m.text = std::string(static_cast<size_t>(i % 40),
                         'a' + static_cast<char>(i % 26));
    m.id = "id-" + std::to_string(i);
    m.name = i % 5 == 0 ? "" : "Name \xc8\x99 " + std::to_string(i);
    m.confidence = 0.5 + (i % 50) / 100.0;
    m.evidence = i % 2 ? "gazetteer" : "pattern:apt-number+ambiguous";
    if (i % 11 == 0) m.candidates = {"a", std::string(300, 'b'), ""};
    spill.Add(m);
    written.push_back(m);
  }
  ASSERT_TRUE(spill.ok()) << spill.error();
  EXPECT_EQ(spill.size(), written.size());
  size_t read = 0;
  ASSERT_TRUE(spill.ForEach([&](const Mention& m) {
    ASSERT_LT(read, written.size());
    const Mention& w = written[read++];
    EXPECT_EQ(m.type, w.type);
    EXPECT_EQ(m.start, w.start);
    EXPECT_EQ(m.end, w.end);
    EXPECT_EQ(m.text, w.text);
    EXPECT_EQ(m.id, w.id);
    EXPECT_EQ(m.name, w.name);
    EXPECT_EQ(m.confidence, w.confidence);
    EXPECT_EQ(m.evidence, w.evidence);
    EXPECT_EQ(m.candidates, w.candidates);
  }));
  EXPECT_EQ(read, written.size());
}

TEST(MentionSpillTest, NoTemporaryFolderIsAClearError) {
  const char* old = getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  setenv("TMPDIR", "/nonexistent/attrex-test", 1);
  MentionSpill spill;
  if (old != nullptr) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  EXPECT_FALSE(spill.ok());
  EXPECT_NE(spill.error().find("/nonexistent/attrex-test"), std::string::npos)
      << spill.error();
  spill.Add(Mention());
  EXPECT_FALSE(spill.ForEach([](const Mention&) {}));
}

// The read end of a pipe that holds `data` and is closed for writing (-1 when
// it could not be made).
int PipeHolding(const std::string& data) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const bool written = write(fds[1], data.data(), data.size()) ==
                       static_cast<ssize_t>(data.size());
  close(fds[1]);
  if (!written) {
    close(fds[0]);
    return -1;
  }
  return fds[0];
}

// Lines read through a pipe with a block smaller than a line: every byte
// comes through, in order, across refills.
TEST(FdReadBufferTest, ReadsLinesAcrossBlocks) {
  const int fd = PipeHolding("first line\nsecond, longer line\n\nlast");
  ASSERT_GE(fd, 0);
  FdReadBuffer buffer(fd, /*block_bytes=*/4);
  std::istream in(&buffer);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  close(fd);
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "first line", "second, longer line", "", "last"}));
  EXPECT_FALSE(buffer.failed());
  EXPECT_FALSE(in.bad());
}

// AppendLine reads each line in place, across refills of a block smaller
// than the line, and stops after `max` bytes when the line goes on: a line
// of exactly `max` bytes still ends at its break, or at the input's end.
TEST(FdReadBufferTest, AppendLineStopsAtBreaksAndAtMax) {
  const int fd = PipeHolding("first line\n\nsix ch\nseven c\nend");
  ASSERT_GE(fd, 0);
  FdReadBuffer buffer(fd, /*block_bytes=*/4);
  struct Piece {
    std::string text;
    LineEnd end;
    bool operator==(const Piece&) const = default;
  };
  std::vector<Piece> pieces;
  for (;;) {
    std::string line;
    const LineEnd end = buffer.AppendLine(&line, /*max=*/6);
    if (end == LineEnd::kInput && line.empty()) break;
    pieces.push_back({line, end});
  }
  close(fd);
  const std::vector<Piece> expected = {
      {"first ", LineEnd::kFull}, {"line", LineEnd::kBreak},
      {"", LineEnd::kBreak},      {"six ch", LineEnd::kBreak},
      {"seven ", LineEnd::kFull}, {"c", LineEnd::kBreak},
      {"end", LineEnd::kInput}};
  ASSERT_EQ(pieces.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(pieces[i].text, expected[i].text) << i;
    EXPECT_EQ(pieces[i].end, expected[i].end) << i;
  }
  EXPECT_FALSE(buffer.failed());
}

// A descriptor that cannot be read (a folder: EISDIR) ends the input and says
// so, where an empty one only ends it.
TEST(FdReadBufferTest, AReadErrorIsKept) {
  const int folder = open("/", O_RDONLY);
  ASSERT_GE(folder, 0);
  FdReadBuffer failing(folder);
  std::istream in(&failing);
  std::string line;
  EXPECT_FALSE(std::getline(in, line));
  EXPECT_TRUE(failing.failed());
  close(folder);

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[1]);
  FdReadBuffer empty(fds[0]);
  std::istream empty_in(&empty);
  EXPECT_FALSE(std::getline(empty_in, line));
  EXPECT_FALSE(empty.failed());
  close(fds[0]);
}

// Small pieces, single characters and pieces larger than a block reach the
// target in the order written; nothing reaches it before a block is full, a
// flush or the buffer's end.
TEST(BlockWriteBufferTest, KeepsOrderAndWritesInBlocks) {
  std::stringbuf target;
  std::string expected;
  {
    BlockWriteBuffer blocks(&target, /*block_bytes=*/8);
    std::ostream out(&blocks);
    out << "abc";
    expected += "abc";
    EXPECT_EQ(target.str(), "");  // collected, not written
    out << 'd' << "efgh";         // the block is full, and kept
    expected += "defgh";
    EXPECT_EQ(target.str(), "");
    out << 'i';  // one more character writes the full block
    expected += "i";
    EXPECT_EQ(target.str(), "abcdefgh");
    out << "jk";  // fits
    expected += "jk";
    EXPECT_EQ(target.str(), "abcdefgh");
    const std::string large(20, 'x');  // more than a block: written through,
    out << large;                      // after what was collected
    expected += large;
    EXPECT_EQ(target.str(), expected);
    out << "1234567";  // collected
    expected += "1234567";
    EXPECT_EQ(target.str(), expected.substr(0, expected.size() - 7));
    out << "yz";  // does not fit after it: the block is written first
    EXPECT_EQ(target.str(), expected);
    expected += "yz";
    out.flush();
    EXPECT_EQ(target.str(), expected);
    out << "tail";
    expected += "tail";
    EXPECT_TRUE(out.good());
  }
  EXPECT_EQ(target.str(), expected);  // the rest, at the end
}

// A target that takes fewer bytes than it is given (a full disk) makes every
// later write fail, so the ostream goes bad and the caller can say so.
TEST(BlockWriteBufferTest, AShortWriteFailsTheStream) {
  struct Refusing : std::streambuf {
    std::streamsize xsputn(const char*, std::streamsize n) override {
      return n / 2;
    }
  } refusing;
  BlockWriteBuffer blocks(&refusing, /*block_bytes=*/16);
  std::ostream out(&blocks);
  out << "fits in a block";
  EXPECT_TRUE(out.good());
  out.flush();
  EXPECT_TRUE(out.bad());
  out.clear();
  out << "more";
  out.flush();
  EXPECT_TRUE(out.bad());
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  const auto path =
      std::filesystem::temp_directory_path() / ("attrex_tools_test_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

// Files never keep a read waiting: the batch tool does not stop to write out
// records before reading one (it did before every text file, which left one
// document at a time to the workers).
TEST(InputReaderTest, FilesNeverWait) {
  const std::string first = WriteTemp("first.txt", "One release.");
  const std::string lines =
      WriteTemp("lines.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
  const std::string last = WriteTemp("last.txt", "Another release.");
  InputReader reader({{first, InputKind::kText, ""},
                      {lines, InputKind::kJsonl, ""},
                      {last, InputKind::kText, ""}},
                     "text", "id");
  InputDoc doc;
  EXPECT_FALSE(reader.MayWait());
  int documents = 0;
  while (reader.Next(&doc)) {
    ++documents;
    EXPECT_FALSE(reader.MayWait()) << doc.id;
  }
  EXPECT_EQ(documents, 4);
}

// Standard input from a pipe may: when the pipe holds nothing for now.
TEST(InputReaderTest, AnEmptyPipeMayWait) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const int saved_stdin = dup(STDIN_FILENO);
  ASSERT_EQ(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  {
    InputReader reader({{"-", InputKind::kJsonl, ""}}, "text", "id");
    EXPECT_TRUE(reader.MayWait());  // nothing written yet
    const std::string two = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
    ASSERT_EQ(write(fds[1], two.data(), two.size()),
              static_cast<ssize_t>(two.size()));
    InputDoc doc;
    ASSERT_TRUE(reader.Next(&doc));
    EXPECT_EQ(doc.text, "a");
    EXPECT_FALSE(reader.MayWait());  // the second line is in the buffer
    ASSERT_TRUE(reader.Next(&doc));
    EXPECT_EQ(doc.text, "b");
    EXPECT_TRUE(reader.MayWait());  // the pipe is empty, and still open
    close(fds[1]);
    EXPECT_FALSE(reader.Next(&doc));
  }
  dup2(saved_stdin, STDIN_FILENO);
  close(saved_stdin);
  close(fds[0]);
}

}  // namespace
}  // namespace attrex::tools
