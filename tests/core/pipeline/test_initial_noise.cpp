#include "pipeline/initial_noise.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "api/errors.h"
#include "support/shared_data.h"
#include "support/tensor_compare.h"

using pixart::initial_noise;

namespace {

// "randn_seed42_2x4x16x16" -> 42
std::uint64_t seed_from_name(const std::string& name) {
    const std::string prefix = "randn_seed";
    const auto end = name.find('_', prefix.size());
    return std::stoull(name.substr(prefix.size(), end - prefix.size()));
}

}  // namespace

TEST(InitialNoise, EveryReferenceDrawIsBitExact) {
    PIXART_REQUIRE_SHARED();
    const auto& draws = pixart::test::golden("noise.safetensors");
    ASSERT_GE(draws.size(), 5u);
    for (const auto& [name, expected] : draws) {
        SCOPED_TRACE(name);
        const torch::Tensor noise = initial_noise(expected.sizes(), seed_from_name(name));
        EXPECT_EQ(noise.scalar_type(), torch::kFloat32);
        EXPECT_TRUE(noise.is_contiguous());
        EXPECT_TENSOR_EQ(noise, expected);
    }
}

TEST(InitialNoise, EveryPipelineCaseStartsFromTheSameLatents) {
    PIXART_REQUIRE_SHARED();
    std::ifstream in(pixart::test::golden_path("cases.json"));
    const auto cases = nlohmann::json::parse(in);
    ASSERT_GE(cases.size(), 8u);
    for (const auto& c : cases) {
        const std::string name = c.at("name").get<std::string>();
        SCOPED_TRACE(name);
        const auto shape = c.at("latent_shape").get<std::vector<std::int64_t>>();
        const torch::Tensor noise = initial_noise(shape, c.at("seed").get<std::uint64_t>());
        EXPECT_TENSOR_EQ(
            noise, pixart::test::golden_tensor("pipeline.safetensors", name + ".init_latents"));
    }
}

TEST(InitialNoiseUnit, SameSeedSameNoiseOtherSeedOtherNoise) {
    const torch::Tensor a = initial_noise({2, 4, 5, 7}, 123);
    EXPECT_TRUE(torch::equal(a, initial_noise({2, 4, 5, 7}, 123)));
    EXPECT_FALSE(torch::equal(a, initial_noise({2, 4, 5, 7}, 124)));
    // The draw does not depend on the global generator.
    torch::manual_seed(99);
    EXPECT_TRUE(torch::equal(a, initial_noise({2, 4, 5, 7}, 123)));
    // Large seeds (a full 64-bit value) are accepted.
    EXPECT_EQ(initial_noise({1, 4, 2, 2}, 0xFFFFFFFFFFFFFFFFull).numel(), 16);
}

TEST(InitialNoiseUnit, BadShapesAreRejected) {
    auto kind_of = [](std::vector<std::int64_t> shape) {
        try {
            initial_noise(shape, 0);
        } catch (const pixart::Error& e) {
            return e.kind();
        }
        return pixart::ErrorKind::Internal;
    };
    EXPECT_EQ(kind_of({}), pixart::ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of({1, 4, 0, 8}), pixart::ErrorKind::InvalidArgument);
    EXPECT_EQ(kind_of({1, -4, 8, 8}), pixart::ErrorKind::InvalidArgument);
}
