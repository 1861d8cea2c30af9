// scrutineer — election: the counting policy replay (policy.hpp).
#include "scrutineer/election/policy.hpp"

#include "scrutineer/election/record.hpp"

namespace scrutineer::election {

bool policy_engine::revoke(const std::string& voter) { return revoked_.emplace(voter, true).second; }

std::vector<policy_engine::exclusion> policy_engine::cast(std::uint64_t entry, const std::string& voter) {
    if (revoked(voter)) return {{entry, record::reasons::revoked}};
    auto it = counted_.find(voter);
    if (it == counted_.end()) {
        counted_.emplace(voter, entry);
        return {};
    }
    if (rule_ == revoting_rule::last) {
        const auto earlier = it->second;
        it->second = entry;
        return {{earlier, record::reasons::superseded}};
    }
    return {{entry, record::reasons::repeat}};
}

}  // namespace scrutineer::election
