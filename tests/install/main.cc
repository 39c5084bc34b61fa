// Uses the installed attrex through its public headers only: the compiled-in data,
// the extractor and the JSON output must all work from an install prefix.
#include <attrex/attrex.h>

#include <iostream>

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
  std::cout << "attrex " << attrex::Version() << " works: "
            << attrex::ToJsonRecord(*doc, "consumer") << "\n";
  return 0;
}
