// Must NOT compile: ceremony steps out of order. tests/cli/ceremony_compile_fail.sh
// compiles this file once per CASE and expects each to fail with the named
// diagnostic; CASE=0 is the control that must compile.
#include "scrutineer/ceremony/dkg.hpp"
#include "scrutineer/group/ristretto255.hpp"

using namespace scrutineer;
using namespace scrutineer::ceremony;
using G = ristretto255;

#ifndef CASE
#define CASE 0
#endif

void f(rng& r, std::span<const announcement> a, std::span<const commitment_message<G>> c,
       std::span<const encrypted_share> b, std::span<const share_report> rep, std::span<const complaint_answer<G>> ans) {
    parameters p{3, 2, bytes{1}, 1};
    auto s1 = begin<G>(p, 1, "t", comm_key_pair::generate(r), r);
#if CASE == 0
    auto s2 = std::move(s1->state).publish(a, r);
    auto s3 = std::move(s2->state).receive(c, b);
    auto s4 = std::move(s3->state).answer(rep);
    auto k = std::move(s4->state).finish(ans);
    (void)k;
#elif CASE == 1
    // skipping publish: receive does not exist on the announced state
    auto s3 = std::move(s1->state).receive(c, b);
#elif CASE == 2
    // a step on an lvalue (the state would survive its own step)
    auto s2 = s1->state.publish(a, r);
#elif CASE == 3
    // finishing before the complaints were answered
    auto s2 = std::move(s1->state).publish(a, r);
    auto k = std::move(s2->state).finish(ans);
#elif CASE == 4
    // making up a later state
    trustee_checked<G> forged;
#elif CASE == 5
    // copying a state (and so running a step twice)
    auto copy = s1->state;
#endif
    (void)a; (void)c; (void)b; (void)rep; (void)ans;
}
