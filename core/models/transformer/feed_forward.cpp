// Port of diffusers models/attention.py FeedForward (v0.30.3)
#include "models/transformer/feed_forward.h"

namespace pixart {

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t mult, bool bias) {
    act_ = GeluProjection(dim, dim * mult, "tanh", bias);
    out_ = torch::nn::Linear(torch::nn::LinearOptions(dim * mult, dim).bias(bias));
    // diffusers' `net` is [GELU, Dropout, Linear]: the parameter-free dropout slot keeps the
    // output layer at index 2 (`net.2.*`) in the state dict.
    torch::nn::ModuleList net;
    net->push_back(act_);
    net->push_back(torch::nn::Dropout(0.0));
    net->push_back(out_);
    register_module("net", net);
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) {
    return out_->forward(act_->forward(x));
}

}  // namespace pixart
