// Prints llama.cpp's pre-tokenizer word lengths (in UTF-8 bytes) for NUL-separated
// texts on standard input, one line per text. Built against llama.cpp's src/unicode.cpp
// by make_split_fixture.sh.
#include "unicode.h"

#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char ** argv) {
    // The expressions of src/llama-vocab.cpp for each pre-tokenizer.
    const std::map<std::string, std::vector<std::string>> expressions = {
        {"gpt2", {"'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"}},
        {"smollm", {"\\p{N}", "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"}},
        {"qwen2", {"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
        {"llama3", {"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}},
    };
    if (argc != 2 || expressions.count(argv[1]) == 0) {
        std::cerr << "usage: split_driver gpt2|smollm|qwen2|llama3 < texts\n";
        return 2;
    }
    std::stringstream input;
    input << std::cin.rdbuf();
    const std::string all = input.str();
    size_t start = 0;
    while (start <= all.size()) {
        size_t end = all.find('\0', start);
        if (end == std::string::npos) end = all.size();
        for (const auto & word : unicode_regex_split(all.substr(start, end - start), expressions.at(argv[1]), false)) {
            std::cout << word.size() << ' ';
        }
        std::cout << '\n';
        start = end + 1;
    }
}
