// scrutineer — version.
#pragma once
#include <string_view>
namespace scrutineer {
inline constexpr std::string_view version = "0.1.0";
}
