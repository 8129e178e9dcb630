import AggLMSupport
import AggLMAggregation
import AggLMData
import AggLMEvaluation
import AggLMFeatures
import AggLMLearned
import AggLMPolicy
import AggLMCommandLine
import ArgumentParser
import Foundation
import AggLMTraining

@main
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agglm-train",
        abstract: "Train the learned aggregator (set policy + built-in reward model) into one checkpoint.",
        discussion: """
            Draws --sets random candidate sets of --k candidates from every training problem \
            (seeded), labels each set easy (majority right), hard (majority wrong, some candidate \
            right) or none (no candidate right), keeps every hard set plus easy sets so that they \
            make up --easy-ratio of the mix, and trains the policy: first --warmup-epochs of \
            supervised cross-entropy to the correct clusters, then GRPO (--group sampled answers \
            per set, KL to the warmed-up policy) while the reward model learns per-candidate \
            correctness by binary cross-entropy. GRPO's reward is shaped for do-no-harm: 1 for a \
            right answer, minus --overturn-penalty for overturning a correct plurality, with \
            advantages centred on the group mean (dividing by the group's spread would cancel the \
            shaping). Early stopping keeps only GRPO epochs (--select-epoch objective), so the \
            policy that ships is the RL-trained one, the warm-up its initialisation. Model names \
            are hidden at random during training so the policy also works without them, and \
            --stand-in-rate of the problems carry stand-in client reward scores (correctness plus \
            noise at the --stand-in-noise levels; the level 'rm' is the built-in reward model's \
            out-of-fold scores: the training problems in 3 folds by question, each fold scored by a \
            reward model trained 3 epochs on the other two, dev problems by the first of those \
            models) so the policy learns to trust a client's score channel only as far as it \
            agrees with the rest of the set. Problems whose candidates already carry a rewardScore \
            keep it: train on data scored by your own reward model and the policy and the \
            calibration learn that model.

            After every epoch it reports reward, loss and dev accuracy against majority vote on \
            standard error, writes the best checkpoint so far to --out, and writes a resumable \
            state to OUT.resume (and, after the warm-up, its KL anchor to OUT.resume.warmup; \
            continue with --resume OUT.resume). Training stops early when \
            dev accuracy has not improved for --patience epochs. Same data and seed give the \
            same checkpoint, bit for bit.

            Then, on the dev sets only, it fits how the policy's probabilities become the answer \
            (--calibration robust): a log-odds bonus for the largest cluster(s) per kind of pool (one \
            model named, several, none; with or without client reward scores), the one whose dev \
            gain over majority vote has the highest lower bound (so the policy overturns the majority \
            only on evidence the dev set supports for that kind of pool; for kinds with client scores, \
            the worst lower bound over the dev sets scored at each --stand-in-noise level and by the \
            policy's own reward model, so a misleading channel cannot pull it below majority), strict majority vote (the \
            policy only breaking ties) for a kind with dev sets from fewer than 30 problems \
            (with --do-no-harm-test: majority vote itself, ties included, for those and for every \
            kind whose bonus does not beat majority on dev by a one-sided 95% bound), and a \
            temperature that makes the reported confidence match how often it is right. All are \
            stored in the checkpoint.

            With --cv N it instead runs problem-level N-fold cross-validation over the --data \
            files (a question shared by several files stays in one fold) and prints held-out \
            accuracy per file: majority vote, the aggregator with model names, and without, how \
            often it overturns the plurality and how often that is right, and the same pooled over \
            one-model files (one generator per problem) and mixed-model files. With --cv \
            leave-one-file-out it trains, for each file, on every other file except those sharing \
            its questions, and tests on all of it. --test-stand-in-noise adds one table per level \
            with every test problem scored at it; its level 'rm' scores them with the fold's own \
            built-in reward model, trained on the other folds only (a real, imperfect reward model). \
            --test-k tests the same folds at other set sizes than the --k it trains on.

            Examples:
              agglm-train --data ../shared/data/*.jsonl.gz --out Checkpoints/agglm-default.safetensors
              agglm-train --data train.jsonl.gz --dev dev.jsonl.gz --epochs 20 --out model.safetensors
              agglm-train --data ../shared/data/*.jsonl.gz --cv 5 --cv-json cv.json
              agglm-train --data ../shared/data/*.jsonl.gz --cv leave-one-file-out
              agglm-train --data ../shared/data/*.jsonl.gz --cv leave-one-file-out --test-k 4,8,16,24
              agglm-train --data ../shared/data/*.jsonl.gz --cv 5 --stand-in-noise 0.25,0.5,1,2,4,rm --test-stand-in-noise 0.5,1,rm
            """
    )

    /// The training files (gold answers included).
    @OptionGroup var dataset: DataOptions

    var data: [String] { dataset.files }

    @Option(name: .long, parsing: .upToNextOption, help: "Dev files for early stopping (default: --dev-fraction of the training problems).")
    var dev: [String] = []

    @Option(help: ArgumentHelp(
        "Fraction of training problems held out as dev when no --dev file is given (default: 0.1, more for small data).",
        discussion: "By default a tenth, raised for small training data until dev holds 60 problems (at most 0.3): the decision calibration judges each kind of pool only on 30 or more dev problems of that kind, so with less a small user's strong reward-model scores would never be trusted."))
    var devFraction: Double?

    @Option(help: "Candidates per sampled set.")
    var k = 8

    @Option(help: "Sets sampled per problem.")
    var sets = 16

    @Option(help: "Share of easy sets in the training mix, 0 to 1, or 'all' to keep every easy set.")
    var easyRatio = "0.5"

    @Option(help: "Training objective: grpo, expected-reward or cross-entropy.")
    var objective = "grpo"

    @Option(help: "Supervised warm-up epochs (cross-entropy) before --objective; GRPO then keeps close to the warmed-up policy (0: GRPO from the random initial policy).")
    var warmupEpochs = 3

    @Option(help: "GRPO group size: answers sampled per set.")
    var group = 8

    @Option(help: "GRPO KL coefficient (to the warmed-up, else the initial, policy).")
    var kl: Float = 0.01

    @Option(help: "GRPO reward for overturning a correct plurality (choosing a wrong, smaller cluster in a set whose largest cluster is right) is minus this; a right choice earns 1.")
    var overturnPenalty: Float = 2

    @Option(help: "GRPO advantages: 'normalised' ((r - mean) / std per group) or 'centered' (r - mean, so --overturn-penalty weighs).")
    var advantage = "centered"

    @Option(help: "Stand-in client reward scores for training: comma-separated noise levels (score = correctness + noise x N(0,1), one level per problem), and 'rm' for the built-in reward model's out-of-fold scores, e.g. 0.25,0.5,1,2,4,rm; '' for none.")
    var standInNoise = "0.25,0.5,1,2,4"

    @Option(help: "Share of training and dev problems that get stand-in scores (the rest keep none; problems with their own rewardScore keep theirs).")
    var standInRate = 0.5

    @Option(help: "With --cv: also test with stand-in scores on every test problem without its own rewardScore at each of these comma-separated noise levels (one table per level, same trained folds), 'rm' for the fold's built-in reward model (never trained on the test problems), e.g. 0.5,1,2,4,rm.")
    var testStandInNoise = ""

    @Option(help: ArgumentHelp(
        "With --cv: test every fold at each of these set sizes (comma-separated) instead of --k alone, e.g. 4,8,16,24.",
        discussion: "The policy still trains on sets of --k; users sample 4, 16 or 40. One table per size (and per --test-stand-in-noise level); a problem with fewer candidates than a size is tested on all of them, once."))
    var testK: String?

    @Option(help: "Epochs early stopping may keep: 'any' (warm-up included) or 'objective' (only epochs of --objective after the warm-up).")
    var selectEpoch = "objective"

    @Option(help: "Maximum epochs.")
    var epochs = 12

    @Option(help: "Epochs without dev improvement before stopping.")
    var patience = 3

    @Option(help: "Adam learning rate (policy and reward model).")
    var lr: Float = 2e-3

    @Option(help: "The policy's learning rate after the warm-up (GRPO's; at 2e-3 it lowered dev accuracy in every CV fold).")
    var objectiveLr: Float = 5e-4

    @Option(help: "Sets per training batch (one sgemm per layer covers all of them).")
    var batch = 64

    @Option(help: "Hidden width of the networks.")
    var hidden = 48

    @Option(help: "Probability that a training set is shown without any model names.")
    var anonymousRate = 0.3

    @Option(help: "After training: 'fit' the plurality bonus and confidence temperature on the dev sets; 'robust' the same, but the kinds of pool with client scores get the bonus that does best on the worst of the dev sets scored at each --stand-in-noise level and by the policy's own reward model; 'gated' the same plus, per kind of pool with client scores, a per-set gate that follows the scores with a gentler bonus where they back the overturn beyond their spread within answers (fitted on the same dev sets); 'none' to serve the raw policy.")
    var calibration = "robust"

    @Flag(help: "With --calibration: serve a kind of pool by majority vote itself, its tie rule included, unless its fitted bonus beats majority vote on the dev sets by a one-sided 95% bound over problems (mean gain > 1.645 standard errors; for sets without names, also no dev loss on one-model or mixed pools), and likewise a kind with dev sets from fewer than 30 problems. For small training data: it keeps every file at or above majority where today's rule can lose a little through noisy tie-breaks, at the price of part of the anonymous gains.")
    var doNoHarmTest = false

    @Flag(help: "With --calibration robust: also fit the batch trust map: per kind of pool with client scores, a gentler plurality bonus when the client's scores agree with clear consensus across the batch's problems (a request, a file, a test fold), fitted on sub-batches of each dev file's channel probes. With it, a problem's decision may depend on the other problems of its batch. Not the default: on one-model MATH pools the built-in reward model's misleading scores agree with consensus as much as a strong channel's.")
    var channelTrust = false

    @Option(help: "Seed for set sampling, initialisation, dropout and GRPO sampling.")
    var seed: UInt64 = 0

    @Option(help: "Where to write the checkpoint (.safetensors).")
    var out: String?

    @Option(help: "Continue from a resumable state file written by an earlier run (OUT.resume).")
    var resume: String?

    @Option(help: "Run N-fold problem-level cross-validation (a number), or 'leave-one-file-out', instead of training one checkpoint.")
    var cv: String?

    @Option(help: "Keep at most N problems per file (chosen by a hash of the question: deterministic), to make experiments faster.")
    var maxProblemsPerFile: Int?

    @Option(help: "With --cv: also write the per-file results as JSON to this file.")
    var cvJson: String?

    @Option(help: "Worker threads for data preparation and evaluation (default: all cores).")
    var threads: Int?

    func validate() throws {
        if data.isEmpty { throw ValidationError("Name training data, e.g. --data ../shared/data/*.jsonl.gz") }
        if cv == nil && out == nil { throw ValidationError("Say where to write the checkpoint, e.g. --out Checkpoints/agglm-default.safetensors (or run --cv 5)") }
        _ = try parsedCV()
        if let maxProblemsPerFile, maxProblemsPerFile < 1 { throw ValidationError("--max-problems-per-file must be at least 1, e.g. --max-problems-per-file 2000") }
        if !["normalised", "centered"].contains(advantage) { throw ValidationError("--advantage takes 'normalised' or 'centered'") }
        _ = try parsedStandInNoise()
        if !(0...1).contains(standInRate) { throw ValidationError("--stand-in-rate must be in [0, 1], e.g. --stand-in-rate 0.5") }
        _ = try Self.noiseLevels(testStandInNoise, option: "--test-stand-in-noise")
        if let testK { _ = try SetSizeList.parse(testK, option: "--test-k") }
        if !["any", "objective"].contains(selectEpoch) { throw ValidationError("--select-epoch takes 'any' or 'objective'") }
        if !(overturnPenalty >= 0 && overturnPenalty <= 100) { throw ValidationError("--overturn-penalty must be in [0, 100], e.g. --overturn-penalty 2") }
        if k < 2 { throw ValidationError("--k must be at least 2 (a set of one has nothing to aggregate), e.g. --k 8") }
        if sets < 1 { throw ValidationError("--sets must be at least 1, e.g. --sets 16") }
        if group < 2 { throw ValidationError("--group must be at least 2 for group-normalised advantages, e.g. --group 8") }
        if warmupEpochs < 0 { throw ValidationError("--warmup-epochs must be 0 or more, e.g. --warmup-epochs 3") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, e.g. --epochs 12") }
        if batch < 1 { throw ValidationError("--batch must be at least 1, e.g. --batch 64") }
        if !(objectiveLr > 0 && objectiveLr < 1) { throw ValidationError("--objective-lr must be in (0, 1), e.g. --objective-lr 0.0005") }
        if !(lr > 0 && lr < 1) { throw ValidationError("--lr must be in (0, 1), e.g. --lr 0.002") }
        if let devFraction, !(devFraction > 0 && devFraction < 1) { throw ValidationError("--dev-fraction must be in (0, 1), e.g. --dev-fraction 0.1") }
        if !(0...1).contains(anonymousRate) { throw ValidationError("--anonymous-rate must be in [0, 1], e.g. --anonymous-rate 0.3") }
        if hidden < 4 || hidden > 1024 { throw ValidationError("--hidden must be in 4...1024, e.g. --hidden 48") }
        _ = try parsedEasyRatio()
        _ = try parsedObjective()
        if !["fit", "robust", "gated", "none"].contains(calibration) { throw ValidationError("--calibration takes 'fit', 'robust', 'gated' or 'none', e.g. --calibration gated") }
    }

    func parsedStandInNoise() throws -> StandInLevels { try Self.noiseLevels(standInNoise, option: "--stand-in-noise") }

    /// Stand-in score levels as given: simulated noise levels, and whether the built-in reward model is one ('rm').
    struct StandInLevels {
        var noise: [Double] = []
        var rewardModel = false
        var isEmpty: Bool { noise.isEmpty && !rewardModel }
    }

    static func noiseLevels(_ text: String, option: String) throws -> StandInLevels {
        var levels = StandInLevels()
        for item in text.split(separator: ",") {
            let word = item.trimmingCharacters(in: .whitespaces)
            if word == "rm" {
                levels.rewardModel = true
                continue
            }
            guard let value = Double(word), value >= 0, value <= 100 else {
                throw ValidationError("\(option) takes comma-separated noise levels in [0, 100] or 'rm' (the built-in reward model), e.g. \(option) 0.25,0.5,1,2,4,rm")
            }
            levels.noise.append(value)
        }
        return levels
    }

    enum CrossValidationKind { case folds(Int), leaveOneFileOut }

    func parsedCV() throws -> CrossValidationKind? {
        guard let cv else { return nil }
        if cv == "leave-one-file-out" { return .leaveOneFileOut }
        guard let folds = Int(cv), folds >= 2 else {
            throw ValidationError("--cv takes a number of folds (at least 2) or 'leave-one-file-out', e.g. --cv 5")
        }
        return .folds(folds)
    }

    func parsedEasyRatio() throws -> Double? {
        if easyRatio == "all" { return nil }
        guard let value = Double(easyRatio), (0...1).contains(value) else {
            throw ValidationError("--easy-ratio takes a number from 0 to 1 or 'all', e.g. --easy-ratio 0.5")
        }
        return value >= 1 ? nil : value
    }

    func parsedObjective() throws -> TrainingConfig.Objective {
        guard let value = TrainingConfig.Objective(rawValue: objective) else {
            throw ValidationError("--objective takes one of: \(TrainingConfig.Objective.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    var trainingConfig: TrainingConfig {
        get throws {
            var config = TrainingConfig()
            config.k = k
            config.setsPerProblem = sets
            config.easyRatio = try parsedEasyRatio()
            config.objective = try parsedObjective()
            config.warmupEpochs = warmupEpochs
            config.groupSize = group
            config.klCoefficient = kl
            config.overturnPenalty = overturnPenalty
            config.centeredAdvantages = advantage == "centered"
            config.shipObjectivePhase = selectEpoch == "objective"
            let levels = try parsedStandInNoise()
            config.standInNoiseLevels = levels.noise
            config.standInRewardModel = levels.rewardModel ? true : nil
            config.standInRate = levels.isEmpty ? 0 : standInRate
            config.epochs = epochs
            config.patience = patience
            config.learningRate = lr
            config.objectiveLearningRate = objectiveLr
            config.rewardModelLearningRate = lr
            config.batchSets = batch
            config.hiddenSize = hidden
            config.anonymousSetRate = anonymousRate
            config.seed = seed
            config.calibrate = calibration != "none"
            config.robustScoreCalibration = calibration == "robust" || calibration == "gated" ? true : nil
            config.scoreChannelGate = calibration == "gated" ? true : nil
            config.doNoHarmTest = doNoHarmTest ? true : nil
            config.batchChannelTrust = channelTrust ? true : nil
            return config
        }
    }

    func run() throws {
        BLASThreads.set(2)
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let config = try trainingConfig
        let clock = ContinuousClock()
        let start = clock.now
        let files = try data.map { path in (name: path, data: try Self.load(path, threads: threads, maxProblems: maxProblemsPerFile)) }
        StandardError.line("prepared \(files.reduce(0) { $0 + $1.data.problems.count }) problems from \(files.count) file(s) in \(Self.format((clock.now - start).seconds)) s")
        if let cv = try parsedCV() {
            try runCrossValidation(files: files, kind: cv, config: config, threads: threads)
        } else {
            try train(files: files, config: config, threads: threads)
        }
        StandardError.line("total \(Self.format((clock.now - start).seconds)) s")
    }

    static func load(_ path: String, threads: Int, maxProblems: Int? = nil) throws -> FeaturedProblems {
        var all = try DatasetReader().readAll(paths: [path], strict: false) { StandardError.line($0.description) }
        if let maxProblems, all.count > maxProblems {
            // The problems with the smallest hashes of their question: the same ones every run, and
            // (being a function of the question) the same GSM8K problems in every GSM8K file.
            let ranks = all.map { Self.sampleRank($0.question) }
            let ranked = all.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }
            all = ranked.prefix(maxProblems).sorted().map { all[$0] }
            StandardError.line("\(path): kept \(maxProblems) problems (--max-problems-per-file)")
        }
        let raw = all
        let prepared = ParallelMap.map(count: raw.count, threads: threads, makeState: {}, body: { _, index in PreparedProblem(raw[index]) })
        return FeaturedProblems(prepared, threads: threads)
    }

    static func sampleRank(_ question: String) -> UInt64 {
        StableHash.fnv1a(question.split(whereSeparator: \.isWhitespace).joined(separator: " "), seed: 0x5a3b_1e00)
    }

    func train(files: [(name: String, data: FeaturedProblems)], config: TrainingConfig, threads: Int) throws {
        guard let out else { return }
        let all = FeaturedProblems(problems: files.flatMap(\.data.problems), features: files.flatMap(\.data.features))
        var train: FeaturedProblems, devData: FeaturedProblems
        // Per dev problem, the file it came from: the batch trust map is fitted on sub-batches of one file.
        let devGroups: [Int]
        if dev.isEmpty {
            let devFraction = devFraction ?? CrossValidation.automaticDevFraction(trainingProblems: all.problems.count)
            StandardError.line(String(format: "dev: %.2f of the training problems (--dev-fraction)", devFraction))
            let fileOfProblem = files.enumerated().flatMap { file, part in [Int](repeating: file, count: part.data.problems.count) }
            let split = CrossValidation.devSplit(all.problems, fraction: devFraction)
            train = all.subset(split.train)
            devData = all.subset(split.dev)
            devGroups = split.dev.map { fileOfProblem[$0] }
        } else {
            train = all
            let devFiles = try dev.map { try Self.load($0, threads: threads) }
            devData = FeaturedProblems(problems: devFiles.flatMap(\.problems), features: devFiles.flatMap(\.features))
            devGroups = devFiles.enumerated().flatMap { file, part in [Int](repeating: file, count: part.problems.count) }
        }
        let vocabulary = ModelVocabularyBuilder.vocabulary(all)
        let trainer = Trainer(config: config, vocabulary: vocabulary)
        let unscoredDev = devData
        (train, devData) = try config.standInScores.applyToTraining(train, dev: devData, trainer: trainer, threads: threads)
        var state = try trainer.initialState()
        if let resume {
            state = try ResumeState.load(resume, trainer: trainer, bestPath: out)
            StandardError.line("resuming after epoch \(state.epoch) (best dev \(Self.percent(state.bestScore)) at epoch \(state.bestEpoch))")
        }
        let selection = trainer.select(train, threads: threads)
        let devSet = DevSet(devData, config: config, vocabulary: vocabulary, threads: threads)
        StandardError.line("train: \(train.problems.count) problems, sets easy \(selection.easy) hard \(selection.hard) none \(selection.none) (single answer \(selection.singleCluster)); kept \(selection.examples.count) contested sets; dev: \(devData.problems.count) problems")
        StandardError.line("policy \(state.policy.parameterCount) parameters, reward model \(state.rewardModel.parameterCount); vocabulary \(vocabulary.names.count) model names")
        let digest = DataDigest.of(paths: data + dev)
        let clock = ContinuousClock()
        let trainStart = clock.now
        var history: [EpochReport] = []
        var bar = EpochProgress()
        let final = try trainer.train(examples: selection.examples, dev: [devSet], from: state) { report, current in
            bar.endEpoch()
            history.append(report)
            StandardError.line(String(
                format: "epoch %2d  reward %.3f  loss %.4f  rm-bce %.4f  dev: majority %@  agglm %@  anonymous %@  (%.1f s)",
                report.epoch, report.meanReward, report.policyLoss, report.rewardModelLoss,
                Self.percent(report.dev.majority), Self.percent(report.dev.named), Self.percent(report.dev.anonymous), report.seconds))
            let metadata = Self.metadata(config: config, digest: digest, history: history, best: current)
            if current.bestEpoch == report.epoch {
                try LearnedAggregator(policy: current.bestPolicy, rewardModel: current.bestRewardModel, vocabulary: vocabulary, metadata: metadata).save(to: out)
            }
            try ResumeState.save(current, to: out + ".resume", vocabulary: vocabulary, metadata: metadata)
        } onBatch: { progress in
            bar.batch(progress)
        }
        StandardError.line("best epoch \(final.bestEpoch): dev score \(Self.percent(final.bestScore)); wrote \(out) in \(Self.format((clock.now - trainStart).seconds)) s of training")
        if config.calibrate {
            let probes = config.robustScoreCalibration == true
                ? ScoreChannelProbes.devSets(unscoredDev, config: config, rewardModel: final.bestRewardModel, vocabulary: vocabulary, threads: threads) : []
            let fit = try DecisionCalibrationFit.fit(
                devSet, policy: final.bestPolicy, channelProbes: probes, scoreGates: config.scoreChannelGate == true, doNoHarmTest: config.doNoHarmTest == true,
                devFiles: devGroups, channelTrust: config.batchChannelTrust == true)
            Self.report(fit)
            var metadata = Self.metadata(config: config, digest: digest, history: history, best: final)
            metadata["calibration_dev"] = Self.json(fit)
            try LearnedAggregator(
                policy: final.bestPolicy, rewardModel: final.bestRewardModel, vocabulary: vocabulary,
                calibration: fit.calibration, metadata: metadata
            ).save(to: out)
            StandardError.line("wrote the calibrated checkpoint to \(out)")
        }
    }

    /// What the checkpoint records about its training. No wall-clock time: the same data and seed must
    /// give the same file, bit for bit (the time is printed instead).
    static func metadata(config: TrainingConfig, digest: String, history: [EpochReport], best: TrainingState) -> [String: String] {
        let bestReport = history.first { $0.epoch == best.bestEpoch }
        return [
            "training_config": json(config),
            "data_digest": digest,
            "dev_metrics": json(bestReport?.dev ?? DevMetrics()),
            "best_epoch": String(best.bestEpoch),
        ]
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func report(_ fit: DecisionCalibrationFit.Result, prefix: String = "") {
        StandardError.line(String(
            format: "%@calibration on dev: plurality bonus %.1f, temperature %.2f; per-problem accuracy (named and anonymous) %@ -> %@, easy retention %@ -> %@, ECE %.3f -> %.3f",
            prefix, fit.calibration.pluralityBonus, fit.calibration.temperature,
            percent(fit.accuracyWithoutBonus), percent(fit.accuracyWithBonus),
            percent(fit.retentionWithoutBonus), percent(fit.retentionWithBonus), fit.eceBefore, fit.eceAfter))
        for regime in fit.regimes {
            guard regime.problems >= DecisionCalibrationFit.minimumRegimeProblems else {
                StandardError.line("\(prefix)  \(regime.regime): \(regime.problems) dev problems, \(regime.majorityVote ? "majority vote" : "the policy breaking ties") (unseen)")
                continue
            }
            let e = regime.candidateEffects
            StandardError.line(String(
                format: "%@  %@: %d dev problems, %@, contested-set accuracy majority %@, bonus 0 %@, chosen %@; overturns %@%% of contested sets, %@%% of them right",
                prefix, regime.regime, regime.problems,
                (regime.majorityVote ? "majority vote" : String(format: "bonus %.1f", regime.bonus)) + (regime.unseenBecause.map { " (unseen: \($0))" } ?? ""),
                percent(regime.majorityAccuracy), percent(regime.accuracyWithoutBonus), percent(regime.accuracyWithBonus),
                percent(regime.overturnRate), percent(regime.overturnPrecision)))
            StandardError.line(String(
                format: "%@    candidate bonus %.1f: gain over majority %+.2f ± %.2f points per problem (SE over problems; passes if > %.3f SE); in sets, each counted once however many its problem has: overturns %d (won %d, lost %d), tie-breaks unlike majority's %d (won %d, lost %d) of %d",
                prefix, regime.candidateBonus, regime.candidateGain * 100, regime.candidateGainStandardError * 100, DecisionCalibrationFit.doNoHarmZ,
                e.overturns, e.overturnsWon, e.overturnsLost, e.tieBreaks, e.tieBreaksWon, e.tieBreaksLost, e.sets))
            guard !regime.probeGainsWithoutGate.isEmpty else { continue }
            let gains = { (values: [Double]) in values.map { String(format: "%+.1f", $0 * 100) }.joined(separator: " ") }
            let gate = regime.gate.map { String(format: "gate: bonus %.1f when the scores' support is at least %.1f", $0.openBonus, $0.threshold) } ?? "no gate pays"
            StandardError.line("\(prefix)    \(gate); dev gain over majority per probe \(gains(regime.probeGainsWithoutGate)) -> \(gains(regime.probeGainsWithGate))")
        }
        for trust in fit.channelTrust {
            let gains = { (values: [Double]) in values.map { String(format: "%+.1f", $0 * 100) }.joined(separator: " ") }
            let steps = trust.steps.isEmpty ? "no step pays" : trust.steps.map { String(format: "bonus %.1f from agreement %.2f", $0.bonus, $0.agreement) }.joined(separator: ", ")
            if trust.regime == fit.channelTrust.first?.regime {
                for (probe, files) in trust.fileAgreement.enumerated() {
                    StandardError.line("\(prefix)  batch agreement, probe \(probe + 1), per dev file: \(files.map { $0.map { String(format: "%.3f", $0) } ?? "-" }.joined(separator: " "))")
                }
            }
            StandardError.line("\(prefix)  batch trust \(trust.regime): \(steps); probe agreement \(trust.probeAgreement.map { String(format: "%.3f", $0) }.joined(separator: " ")); dev gain over majority per probe \(gains(trust.probeGainsWithout)) -> \(gains(trust.probeGainsWith))")
        }
    }

    func runCrossValidation(files: [(name: String, data: FeaturedProblems)], kind: CrossValidationKind, config: TrainingConfig, threads: Int) throws {
        let clock = ContinuousClock()
        let start = clock.now
        var bar = EpochProgress()
        let label: String
        switch kind {
        case .folds(let folds): label = "fold"; _ = folds
        case .leaveOneFileOut: label = "file"
        }
        func progress(_ progress: CrossValidation.Progress) {
            bar.endEpoch()
            let r = progress.epoch
            StandardError.line(String(
                format: "%@ %d/%d epoch %2d  reward %.3f  dev: majority %@  agglm %@  anonymous %@  (%.1f s)",
                label, progress.fold, progress.folds, r.epoch, r.meanReward, Self.percent(r.dev.majority), Self.percent(r.dev.named),
                Self.percent(r.dev.anonymous), r.seconds))
        }
        let testLevels = try Self.noiseLevels(testStandInNoise, option: "--test-stand-in-noise")
        // One variant per level: nil (the test problems as they are), a noise level, or "rm".
        let levels: [Double?] = testLevels.noise.map(Optional.some) + (testLevels.rewardModel ? [nil] : [])
        let testScores: [StandInScores?] = [nil] + levels.map { level in
            level.map { StandInScores(noiseLevels: [$0], rate: 1, seed: seed ^ 0x7e57) }
                ?? StandInScores(noiseLevels: [], rate: 1, seed: seed ^ 0x7e57, rewardModelLevel: true)
        }
        let tests = CrossValidation.TestPlan(scores: testScores, setSizes: try testK.map { try SetSizeList.parse($0, option: "--test-k") })
        var results: [(name: String, tallies: [[HeldOutTally]], excluded: [String])]
        let title: String
        switch kind {
        case .folds(let folds):
            results = try CrossValidation.run(files: files, folds: folds, devFraction: devFraction, config: config, threads: threads, tests: tests, progress: progress) { fold, batch in
                bar.batch(batch, prefix: "fold \(fold)/\(folds) ")
            } calibrated: { fold, fit in
                Self.report(fit, prefix: "fold \(fold)/\(folds) ")
            }.map { ($0.name, $0.tallies, []) }
            title = "\(folds)-fold problem-level cross-validation"
        case .leaveOneFileOut:
            results = try CrossValidation.leaveOneFileOut(files: files, devFraction: devFraction, config: config, threads: threads, tests: tests, progress: progress) { file, batch in
                bar.batch(batch, prefix: "file \(file)/\(files.count) ")
            } calibrated: { file, fit in
                Self.report(fit, prefix: "file \(file)/\(files.count) ")
            }
            title = "leave-one-file-out cross-validation"
        }
        var json: [String: [HeldOutSummary]] = [:]
        for (size, testSize) in tests.sizes(config).enumerated() {
            for (entry, scores) in testScores.enumerated() {
                let variant = tests.variant(size: size, scores: entry)
                var rows = results.map { (summary: HeldOutSummary(file: $0.name, tallies: $0.tallies[variant], seed: seed), excluded: $0.excluded) }
                rows += Self.pooledRows(files: files, tallies: results.map { $0.tallies[variant] }, seed: seed)
                let level = scores.map { $0.rewardModelLevel ? "from the fold's built-in reward model (out of fold)" : "at noise \($0.noiseLevels.first ?? 0)" }
                let variantTitle = level.map { title + ", every test problem with stand-in client scores \($0)" } ?? title
                StandardOutput.line(CrossValidationTable.render(rows, title: variantTitle, config: config, testK: testSize, seconds: (clock.now - start).seconds))
                let key = scores.map { $0.rewardModelLevel ? "stand-in reward model" : "stand-in noise \($0.noiseLevels.first ?? 0)" } ?? "as given"
                json[testSize == config.k ? key : "\(key), tested at k=\(testSize)"] = rows.map(\.summary)
            }
        }
        if let cvJson {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(json).write(to: URL(fileURLWithPath: cvJson))
            StandardError.line("wrote \(cvJson)")
        }
    }

    /// The held-out tallies pooled over one-model files (one generator name per problem) and over the others.
    static func pooledRows(files: [(name: String, data: FeaturedProblems)], tallies: [[HeldOutTally]], seed: UInt64) -> [(summary: HeldOutSummary, excluded: [String])] {
        let oneModel = files.map { file in file.data.problems.allSatisfy { Set($0.candidates.map(\.model)).count <= 1 } }
        var rows: [(summary: HeldOutSummary, excluded: [String])] = []
        for (wanted, name) in [(true, "all one-model files"), (false, "all mixed-model files")] where oneModel.contains(wanted) {
            let pooled = zip(oneModel, tallies).filter { $0.0 == wanted }.flatMap(\.1)
            rows.append((HeldOutSummary(file: name, tallies: pooled, seed: seed), []))
        }
        return rows
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f", value * 100) }
    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
