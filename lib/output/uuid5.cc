// SHA-1 (FIPS 180-4) just for UUIDv5: identifiers, not security.
#include "output/uuid5.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace attrex::internal {
namespace {

uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// One 64-byte block into the state h. The four kinds of rounds are four
// loops: a branch per round cost more than the rounds (STIX output computes
// an id for every object it writes).
void Sha1Block(const uint8_t* block, uint32_t h[5]) {
  uint32_t w[80];
  for (int i = 0; i < 16; ++i) {
    const uint8_t* p = block + 4 * i;
    w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
           (uint32_t{p[2]} << 8) | p[3];
  }
  for (int i = 16; i < 80; ++i)
    w[i] = Rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  auto round = [&](uint32_t f, uint32_t k, uint32_t wi) {
    const uint32_t t = Rotl(a, 5) + f + e + k + wi;
    e = d, d = c, c = Rotl(b, 30), b = a, a = t;
  };
  for (int i = 0; i < 20; ++i) round((b & c) | (~b & d), 0x5A827999, w[i]);
  for (int i = 20; i < 40; ++i) round(b ^ c ^ d, 0x6ED9EBA1, w[i]);
  for (int i = 40; i < 60; ++i)
    round((b & c) | (b & d) | (c & d), 0x8F1BBCDC, w[i]);
  for (int i = 60; i < 80; ++i) round(b ^ c ^ d, 0xCA62C1D6, w[i]);
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

// The whole blocks of `data` go straight to Sha1Block; the last bytes, the
// 0x80 marker and the bit length fill one or two blocks of a local buffer.
std::array<uint8_t, 20> Sha1(std::string_view data) {
  uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  const size_t whole = data.size() / 64 * 64;
  for (size_t chunk = 0; chunk < whole; chunk += 64)
    Sha1Block(bytes + chunk, h);
  uint8_t tail[128] = {};
  const size_t rest = data.size() - whole;
  std::memcpy(tail, bytes + whole, rest);
  tail[rest] = 0x80;
  const size_t tail_size = rest < 56 ? 64 : 128;
  const uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tail_size - 1 - i] = static_cast<uint8_t>(bit_length >> (8 * i));
  for (size_t chunk = 0; chunk < tail_size; chunk += 64)
    Sha1Block(tail + chunk, h);
  std::array<uint8_t, 20> out;
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 4; ++j)
      out[4 * i + j] = static_cast<uint8_t>(h[i] >> (24 - 8 * j));
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Uuid5(std::string_view namespace_uuid, std::string_view name) {
  std::string data;
  int pending = -1;
  for (char c : namespace_uuid) {
    const int v = HexValue(c);
    if (v < 0) continue;
    if (pending < 0) {
      pending = v;
    } else {
      data += static_cast<char>(pending * 16 + v);
      pending = -1;
    }
  }
  data.append(name);
  std::array<uint8_t, 20> hash = Sha1(data);
  hash[6] = static_cast<uint8_t>((hash[6] & 0x0F) | 0x50);  // version 5
  hash[8] = static_cast<uint8_t>((hash[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[hash[i] >> 4];
    out += kHex[hash[i] & 15];
  }
  return out;
}

}  // namespace attrex::internal
