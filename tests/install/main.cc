// Uses the installed attrex through its public headers only: the compiled-in data,
// the extractor and the JSON output must all work from an install prefix.
#include <attrex/attrex.h>

#include <iostream>
#include <string>
#include <vector>

int main() {
  const attrex::NormalizedText n = attrex::Normalize("Forţele Armate");
  if (n.view() != "fortele armate") {
    std::cerr << "unexpected view: " << n.view() << "\n";
    return 1;
  }
  auto extractor = attrex::Extractor::Create();
  if (!extractor.ok()) {
    std::cerr << extractor.status().ToString() << "\n";
    return 1;
  }
  auto doc = (*extractor)->Extract("Belgia atribuie atacurile grupării APT31.");
  if (!doc.ok() || doc->mentions.size() != 2 || doc->mentions[1].id != "apt31") {
    std::cerr << "unexpected extraction\n";
    return 1;
  }
  // The same text in pieces through a DocumentStream, the record in parts.
  const std::string text = "Belgia atribuie atacurile grupării APT31.";
  auto stream = (*extractor)->StartDocument();
  std::vector<attrex::Mention> taken;
  for (size_t i = 0; i < text.size(); i += 7) {
    if (!stream->Append(text.substr(i, 7)).ok()) return 1;
    stream->TakeMentions(&taken);
  }
  auto rest = stream->Finish();
  if (!rest.ok()) return 1;
  std::string record = attrex::JsonRecordHead(*rest, "consumer");
  for (size_t i = 0; i < taken.size() + rest->mentions.size(); ++i) {
    if (i > 0) record += ',';
    attrex::AppendJsonMention(
        i < taken.size() ? taken[i] : rest->mentions[i - taken.size()], &record);
  }
  attrex::AppendJsonRecordTail(*rest, &record);
  if (record != attrex::ToJsonRecord(*doc, "consumer")) {
    std::cerr << "the streamed record differs: " << record << "\n";
    return 1;
  }
  std::cout << "attrex " << attrex::Version() << " works: "
            << attrex::ToJsonRecord(*doc, "consumer") << "\n";
  return 0;
}
