// The attrex command's subcommands; each parses its own options.
#ifndef ATTREX_TOOLS_SUBCOMMANDS_H_
#define ATTREX_TOOLS_SUBCOMMANDS_H_

namespace attrex::tools {

// Exit codes shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;
inline constexpr int kExitUsage = 2;

// argv[0] is the subcommand name.
int RunNormalize(int argc, char** argv);
int RunExtract(int argc, char** argv);
int RunLookup(int argc, char** argv);
int RunList(int argc, char** argv);

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_SUBCOMMANDS_H_
