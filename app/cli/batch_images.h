// The images of a batch, one by one: the unit that `pixart-cli batch` runs, shards and resumes.
//
// A job of P prompts x K images is K·P images. Each runs alone with the noise it has in its
// job's batch (GenerationRequest::noise_batch_size/index: the whole batch's draw, sliced at its
// position), so an image comes out the same whichever shard runs it and whatever ran before:
// the union of N shards is one unsharded run, bit for bit. A kill loses at most the image in
// progress.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "api/generation_request.h"
#include "batch_job.h"

namespace pixart::cli {

struct BatchImage {
    std::size_t job = 0;        // index into the jobs (0-based); the file name's NNNN is job + 1
    int index = 0;              // position among its job's images, prompt-major
    int count = 1;              // images its job makes
    int images_per_prompt = 1;  // of its job, for the metadata
    GenerationRequest request;  // this image alone: one prompt, one image, its slice of the noise
    std::string file_stem;      // NNNN[-name]-seedS[_k] (_k when the job makes several images)
};

// Throws Error(InvalidArgument) naming the line of a job with more images than one noise draw
// holds (kMaxNoiseBatch).
std::vector<BatchImage> expand_batch_jobs(const std::vector<BatchJob>& jobs);

// The batch manifest's key of an image (batch_manifest.h): every setting that shapes it (its
// request's metadata without times, and its job's init picture and strength, which the request
// carries only once the picture is read), its place in the batch (the file stem: two identical
// lines are two images), and where it goes (the --out-dir file, "" without; a library or not).
std::string batch_image_key(const BatchImage& image, const BatchJob& job, const std::string& model,
                            const std::string& out_file, bool library);

}  // namespace pixart::cli
