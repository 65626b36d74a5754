#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QItemSelectionModel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <optional>
#include <utility>

#include "api/runtime.h"
#include "dialogs/ExportDialog.h"
#include "dialogs/SettingsDialog.h"
#include "image_library/CoreImageLibrary.h"
#include "image_library/ImageMetadataReader.h"
#include "inference/GenerationWorker.h"
#include "inference/InferenceThread.h"
#include "item_models/GalleryModel.h"
#include "item_models/HistoryModel.h"
#include "item_models/JobQueueModel.h"
#include "panels/GalleryPanel.h"
#include "panels/HistoryPanel.h"
#include "panels/ImageInfoPanel.h"
#include "panels/LoraPanel.h"
#include "panels/PreviewView.h"
#include "panels/PromptPanel.h"
#include "panels/QueuePanel.h"
#include "panels/WelcomePage.h"
#include "support/ImageFileReading.h"
#include "support/PoolTask.h"
#include "support/Theme.h"
#include "widgets/ImageViewer.h"

namespace pixart::ui {

MainWindow::MainWindow(const StudioSettings& settings, const StudioOptions& options,
                       QWidget* parent)
    : QMainWindow(parent), settings_(settings), generateWhenLoaded_(options.generate) {
    // Qt adds the application's display name ("PixArt Studio") itself: the title is the model.
    setWindowTitle(QString());
    setWindowIcon(QIcon(QStringLiteral(":/icons/pixart-studio-256.png")));
    setAcceptDrops(true);
    // 1400x900 where it fits; on a smaller screen (a 1366x768 laptop) what its work area holds.
    QSize size(1400, 900);
    if (const QScreen* shown = screen()) size = size.boundedTo(shown->availableGeometry().size());
    resize(size);

    inference_ = new InferenceThread(this);
    queueModel_ = new JobQueueModel(this);
    galleryModel_ = new GalleryModel(library_, this);
    historyModel_ = new HistoryModel(library_, this);

    welcome_ = new WelcomePage(this);
    promptPanel_ = new PromptPanel(this);
    previewView_ = new PreviewView(this);
    auto* studio = new QSplitter(Qt::Horizontal, this);
    studio->setObjectName(QStringLiteral("studioSplitter"));
    studio->addWidget(promptPanel_);
    studio->addWidget(previewView_);
    studio->setStretchFactor(1, 1);
    pages_ = new QStackedWidget(this);
    pages_->addWidget(welcome_);
    pages_->addWidget(studio);
    setCentralWidget(pages_);

    galleryPanel_ = new GalleryPanel(galleryModel_, this);
    historyPanel_ = new HistoryPanel(historyModel_, this);
    queuePanel_ = new QueuePanel(queueModel_, this);
    loraPanel_ = new LoraPanel(this);
    infoPanel_ = new ImageInfoPanel(this);
    loraPanel_->setFolder(settings_.loraFolder);
    connect(loraPanel_, &LoraPanel::folderChanged, this,
            [this](const QString& folder) { settings_.loraFolder = folder; });
    buildMenus();
    addDock(galleryPanel_, tr("Gallery"), QStringLiteral("galleryDock"), Qt::BottomDockWidgetArea);
    QDockWidget* history = addDock(historyPanel_, tr("History"), QStringLiteral("historyDock"),
                                   Qt::RightDockWidgetArea);
    QDockWidget* queue =
        addDock(queuePanel_, tr("Queue"), QStringLiteral("queueDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(history, queue);
    QDockWidget* loras =
        addDock(loraPanel_, tr("LoRAs"), QStringLiteral("loraDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(queue, loras);
    QDockWidget* info = addDock(infoPanel_, tr("Image info"), QStringLiteral("imageInfoDock"),
                                Qt::RightDockWidgetArea);
    tabifyDockWidget(loras, info);
    history->raise();

    connectWorker();
    connectLibrary();
    connect(welcome_, &WelcomePage::modelChosen, this, &MainWindow::openModel);

    GenerationSettings last = settings_.lastGeneration;
    if (!options.prompt.isEmpty()) last.setPrompt(options.prompt);
    promptPanel_->applySettings(last);
    setGenerateEnabled(false);

    if (!settings_.windowGeometry.isEmpty()) restoreGeometry(settings_.windowGeometry);
    if (!settings_.windowState.isEmpty()) restoreState(settings_.windowState);

    const std::string blas = pixart::blas_warning();
    if (!blas.empty()) statusBar()->showMessage(QString::fromStdString(blas));

    const QString model = !options.modelDir.isEmpty() ? options.modelDir : settings_.modelPath;
    pages_->setCurrentWidget(welcome_);
    if (!model.isEmpty()) openModel(model);
    openLibrary(settings_.outputFolder);
    if (!options.files.isEmpty()) openImageFiles(options.files);
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);  // saveState/restoreState find docks by name
    dock->setWidget(widget);
    addDockWidget(area, dock);
    viewMenu_->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open model folder…"), QKeySequence::Open, this,
                    &MainWindow::chooseModelFolder);
    file->addAction(tr("Choose a &cached model…"), this, [this] {
        welcome_->rescan();
        pages_->setCurrentWidget(welcome_);
    });
    file->addSeparator();
    file->addAction(tr("&Export for print…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    &MainWindow::exportCurrent);
    file->addAction(tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::showSettings);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    // Generate is the window's primary action: its own menu (with the panel's shortcuts shown;
    // the panel handles the keys) and the first button of the toolbar, accented.
    QMenu* generation = menuBar()->addMenu(tr("&Generate"));
    generateAction_ =
        generation->addAction(tr("&Generate\tCtrl+Return"), this, &MainWindow::generate);
    generateAction_->setIconText(tr("Generate"));
    generateAction_->setToolTip(tr("Queue a generation with these settings (Ctrl+Enter)"));
    cancelAction_ = generation->addAction(tr("&Cancel running\tEsc"), this,
                                          [this] { inference_->worker()->cancelRunning(); });
    cancelAction_->setIconText(tr("Cancel"));
    cancelAction_->setToolTip(tr("Stop the running generation at its next step (Esc)"));
    cancelAction_->setEnabled(false);
    QToolBar* toolbar = addToolBar(tr("Generate"));
    toolbar->setObjectName(QStringLiteral("generateToolBar"));  // saveState finds it by name
    toolbar->setMovable(false);
    toolbar->addAction(generateAction_);
    toolbar->addAction(cancelAction_);
    if (QWidget* button = toolbar->widgetForAction(generateAction_)) markPrimaryAction(button);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->addAction(toolbar->toggleViewAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PixArt Studio"), this, [this] {
        const auto rt = pixart::runtime_info();
        QMessageBox::about(
            this, tr("About PixArt Studio"),
            tr("<h3>PixArt Studio %1</h3><p>Text-to-image with PixArt-Sigma, natively.</p>"
               "<p>libtorch %2 · %3 thread(s) · %4</p>")
                .arg(QString::fromStdString(rt.pixart_version),
                     QString::fromStdString(rt.torch_version))
                .arg(rt.threads)
                .arg(rt.cuda_available ? tr("CUDA available") : tr("CPU")));
    });
}

void MainWindow::connectWorker() {
    GenerationWorker* worker = inference_->worker();
    connect(worker, &GenerationWorker::modelLoading, this, [this](const QString& dir) {
        statusBar()->showMessage(tr("Opening %1…").arg(dir));
        previewView_->showBusy(tr("Opening the model…"));
    });
    connect(worker, &GenerationWorker::modelLoaded, this, &MainWindow::modelLoaded);
    connect(worker, &GenerationWorker::modelFailed, this, &MainWindow::modelFailed);
    connect(worker, &GenerationWorker::jobQueued, queueModel_, &JobQueueModel::addJob);
    connect(worker, &GenerationWorker::jobRemoved, queueModel_, &JobQueueModel::removeJob);
    connect(worker, &GenerationWorker::jobStarted, this, [this](quint64 id) {
        queueModel_->setState(id, JobState::Running);
        const int row = queueModel_->rowOf(id);
        const quint32 seed = queueModel_->index(row).data(JobQueueModel::SeedRole).toUInt();
        previewView_->showStarted(id, seed, queueModel_->pendingCount());
        setGenerationRunning(true);
    });
    connect(worker, &GenerationWorker::jobStage, previewView_, &PreviewView::showStage);
    connect(worker, &GenerationWorker::jobStageProgress, previewView_,
            &PreviewView::showStageProgress);
    connect(worker, &GenerationWorker::jobPlan, previewView_, &PreviewView::showPlan);
    connect(worker, &GenerationWorker::jobProgress, previewView_, &PreviewView::showProgress);
    connect(worker, &GenerationWorker::jobPreview, previewView_, &PreviewView::showPreview);
    connect(worker, &GenerationWorker::jobCompleted, this, &MainWindow::jobCompleted);
    connect(worker, &GenerationWorker::jobFailed, this, [this](quint64 id, const QString& message) {
        queueModel_->setState(id, JobState::Failed, message);
        previewView_->showMessage(message, true);
    });
    connect(worker, &GenerationWorker::jobCancelled, this, [this](quint64 id) {
        queueModel_->setState(id, JobState::Cancelled);
        previewView_->showMessage(tr("Cancelled."), false);
    });
    connect(worker, &GenerationWorker::queueDrained, this, [this] { setGenerationRunning(false); });

    connect(promptPanel_, &PromptPanel::generateRequested, this, &MainWindow::generate);
    connect(promptPanel_, &PromptPanel::cancelRequested, worker, &GenerationWorker::cancelRunning,
            Qt::DirectConnection);  // thread-safe: it only flips the cancel token
    connect(queuePanel_, &QueuePanel::removeRequested, this,
            [worker](quint64 id) { worker->remove(id); });
    connect(queuePanel_, &QueuePanel::cancelRunningRequested, this,
            [worker] { worker->cancelRunning(); });
}

void MainWindow::connectLibrary() {
    connect(galleryModel_, &GalleryModel::added, this, [this](const LibraryEntry& entry) {
        historyModel_->refresh();
        statusBar()->showMessage(tr("Saved %1").arg(entry.imagePath), 5000);
        Q_EMIT imageSaved(entry.imagePath);
    });
    connect(galleryModel_, &GalleryModel::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(historyModel_, &HistoryModel::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(galleryPanel_, &GalleryPanel::openRequested, this, &MainWindow::openViewer);
    connect(galleryPanel_, &GalleryPanel::useAgainRequested, this, &MainWindow::useSettings);
    connect(historyPanel_, &HistoryPanel::useAgainRequested, this, &MainWindow::useSettings);
    connect(galleryPanel_, &GalleryPanel::variationsRequested, this,
            [this](const LibraryEntry& entry) { startFromImage(entry, false); });
    connect(galleryPanel_, &GalleryPanel::exportRequested, this, &MainWindow::exportEntry);
    // The info dock follows the gallery's current image, and shows each new image as it lands.
    connect(galleryPanel_->view()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) infoPanel_->showEntry(galleryModel_->entryAt(current.row()));
            });
    connect(galleryModel_, &GalleryModel::added, infoPanel_, &ImageInfoPanel::showEntry);
    connect(infoPanel_, &ImageInfoPanel::useAgainRequested, this, &MainWindow::useSettings);
    connect(infoPanel_, &ImageInfoPanel::exportRequested, this, &MainWindow::exportEntry);
    connect(galleryPanel_, &GalleryPanel::refineRequested, this,
            [this](const LibraryEntry& entry) { startFromImage(entry, true); });
}

void MainWindow::openModel(const QString& path) {
    inference_->worker()->requestOpenModel(path, settings_.engineOptions());
}

void MainWindow::chooseModelFolder() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a PixArt-Sigma model folder (with model_index.json)"), settings_.modelPath);
    if (!dir.isEmpty()) openModel(dir);
}

void MainWindow::modelLoaded(const pixart::ModelInfo& info) {
    hasModel_ = true;
    modelInfo_ = info;
    settings_.modelPath = QString::fromStdString(info.path);
    promptPanel_->setModel(info);
    setGenerateEnabled(true);
    pages_->setCurrentIndex(1);
    welcome_->setMessage({});
    const QString name = QString::fromStdString(info.name);
    setWindowTitle(name);
    statusBar()->showMessage(tr("%1 · %2 px · %3")
                                 .arg(name)
                                 .arg(info.native_width)
                                 .arg(QString::fromStdString(info.device)));
    previewView_->showMessage(tr("Model ready."), false);
    if (generateWhenLoaded_) {
        generateWhenLoaded_ = false;
        generate();
    }
}

void MainWindow::modelFailed(const QString& message) {
    generateWhenLoaded_ = false;
    if (!hasModel_) {
        welcome_->setMessage(message);
        pages_->setCurrentWidget(welcome_);
    } else {
        QMessageBox::warning(this, tr("Cannot open the model"), message);
    }
    statusBar()->showMessage(message);
}

void MainWindow::generate() {
    if (!hasModel_) return;
    const std::vector<pixart::LoraSpec> loras = loraPanel_->loras();
    for (GenerationSettings job : promptPanel_->takeBatch()) {
        job.request.loras = loras;
        // Refine for print runs on the print checkpoint when one is set (Settings).
        if (job.refine) job.modelPath = settings_.printModelPath;
        inference_->worker()->enqueue(job);
    }
}

void MainWindow::jobCompleted(const GenerationOutcome& outcome) {
    queueModel_->setState(outcome.jobId, JobState::Completed);
    previewView_->showResult(outcome);
    // An image that finishes while the library is still opening waits for it: nothing is lost.
    if (libraryOpening_)
        outcomesWaitingForLibrary_.append(outcome);
    else
        galleryModel_->addOutcome(outcome);
}

void MainWindow::openLibrary(const QString& folder) {
    libraryOpening_ = true;
    libraryFolderOpening_ = folder;
    struct Opened {
        std::shared_ptr<ImageLibrary> library;
        QString warning;
    };
    runInPool(
        this,
        [folder] {
            Opened opened;
            opened.library = CoreImageLibrary::open(folder, &opened.warning);
            return opened;
        },
        [this, folder](const Opened& opened, const QString& error) {
            if (folder != libraryFolderOpening_) return;  // another folder was chosen meanwhile
            library_ = opened.library;
            libraryOpening_ = false;
            galleryModel_->setLibrary(library_);
            historyModel_->setLibrary(library_);
            const QString warning = !error.isEmpty() ? error : opened.warning;
            if (!warning.isEmpty()) statusBar()->showMessage(warning);
            for (const GenerationOutcome& outcome : std::exchange(outcomesWaitingForLibrary_, {}))
                galleryModel_->addOutcome(outcome);
            Q_EMIT libraryOpened(warning);
        });
}

void MainWindow::useSettings(const GenerationSettings& settings) {
    GenerationSettings restored = settings;
    restored.seedMode = SeedMode::Fixed;  // "use again" means this exact seed
    restored.batchCount = 1;
    // An image-to-image result's picture may have moved or gone since: say so, and restore
    // the rest without it rather than fail when Generate is pressed.
    if (!restored.initImagePath.isEmpty() && !QFileInfo::exists(restored.initImagePath)) {
        const QString missing = restored.initImagePath;
        restored.initImagePath.clear();
        restored.refine = false;
        promptPanel_->applySettings(restored);
        statusBar()->showMessage(
            tr("Settings restored (seed %1) without the picture it started from: %2 is no "
               "longer there")
                .arg(restored.seed())
                .arg(missing),
            10000);
        return;
    }
    promptPanel_->applySettings(restored);
    // LoRAs: the ones found are enabled again; the user hears which are not there.
    const QStringList missing = loraPanel_->setLoras(restored.request.loras);
    if (!missing.isEmpty()) {
        statusBar()->showMessage(
            tr("Settings restored (seed %1) without these LoRAs, no longer there: %2")
                .arg(restored.seed())
                .arg(missing.join(QStringLiteral(", "))),
            10000);
        return;
    }
    statusBar()->showMessage(tr("Settings restored (seed %1)").arg(restored.seed()), 5000);
}

void MainWindow::startFromImage(const LibraryEntry& entry, bool refine) {
    GenerationSettings s = entry.settings;
    s.initImagePath = entry.imagePath;
    s.initImageSha256.clear();
    s.request.noise_batch_size = s.request.noise_batch_index = 0;
    s.refine = refine;
    if (refine) {
        // The same seed, a light pass: detail at the larger size, the composition kept.
        s.request.strength = 0.35;
        s.seedMode = SeedMode::Fixed;
        s.batchCount = 1;
    } else {
        s.request.strength = 0.6;
        s.seedMode = SeedMode::Random;
        s.batchCount = 4;
    }
    promptPanel_->applySettings(s);
    const QString name = QFileInfo(entry.imagePath).fileName();
    statusBar()->showMessage(refine ? tr("Refining %1 at twice its size…").arg(name)
                                    : tr("Four variations of %1…").arg(name),
                             8000);
    generate();
}

void MainWindow::openViewer(int row) {
    auto* viewer = new ImageViewer(galleryModel_, this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    connect(viewer, &ImageViewer::variationsRequested, this,
            [this](const LibraryEntry& entry) { startFromImage(entry, false); });
    connect(viewer, &ImageViewer::exportRequested, this, &MainWindow::exportEntry);
    connect(viewer, &ImageViewer::refineRequested, this,
            [this](const LibraryEntry& entry) { startFromImage(entry, true); });
    viewer->showRow(row);
    viewer->show();
}

void MainWindow::exportCurrent() {
    const QModelIndex index = galleryPanel_->view()->currentIndex();
    exportEntry(galleryModel_->entryAt(index.isValid() ? index.row() : 0));
}

void MainWindow::exportEntry(const LibraryEntry& entry) {
    if (entry.imagePath.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to export yet: select an image in the gallery."),
                                 5000);
        return;
    }
    auto* dialog =
        new ExportDialog(entry.imagePath, QSize(entry.width, entry.height), entry.metadata, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::exported, this,
            [this](const QString& path, const QStringList& warnings) {
                statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
                // Said, not buried in the status bar: the file differs from what was asked.
                if (!warnings.isEmpty())
                    QMessageBox::information(this, tr("Exported, with a note"),
                                             tr("%1\n\n%2").arg(path, warnings.join("\n")));
            });
    connect(dialog, &ExportDialog::failed, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Export failed"), message);
    });
    dialog->open();
}

void MainWindow::showSettings() {
    SettingsDialog dialog(settings_, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const StudioSettings previous = settings_;
    settings_ = dialog.settings();
    applyTheme(*qApp, settings_.theme);
    if (settings_.outputFolder != previous.outputFolder) openLibrary(settings_.outputFolder);
    const bool engineChanged = settings_.device != previous.device ||
                               settings_.threads != previous.threads ||
                               settings_.releaseTextEncoder != previous.releaseTextEncoder ||
                               settings_.textEncoderMode != previous.textEncoderMode ||
                               settings_.previewInterval != previous.previewInterval;
    if (engineChanged && hasModel_) openModel(settings_.modelPath);
    saveSettings();
}

void MainWindow::setGenerateEnabled(bool enabled) {
    promptPanel_->setGenerateEnabled(enabled);
    generateAction_->setEnabled(enabled);
}

void MainWindow::setGenerationRunning(bool running) {
    promptPanel_->setGenerationRunning(running);
    cancelAction_->setEnabled(running);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    openImageFiles(paths);
}

void MainWindow::openImageFiles(const QStringList& paths) {
    struct Opened {
        QString path;
        QImage image;
        std::optional<GenerationSettings> settings;
    };
    // Decoding a large picture and reading its metadata take time: not on the GUI thread.
    runInPool(
        this,
        [paths] {
            for (const QString& path : paths) {
                Opened opened{path, readImageFile(path), ImageMetadataReader::read(path)};
                if (!opened.image.isNull() || opened.settings) return opened;
            }
            return Opened{};
        },
        [this, paths](const Opened& opened, const QString& error) {
            if (!error.isEmpty() || opened.path.isEmpty()) {
                statusBar()->showMessage(tr("Cannot open %1: not an image this studio reads.")
                                             .arg(QDir::toNativeSeparators(paths.value(0))),
                                         8000);
                return;
            }
            const QString name = QFileInfo(opened.path).fileName();
            if (!opened.image.isNull()) previewView_->showImage(opened.image, name);
            if (opened.settings) {
                useSettings(*opened.settings);
                statusBar()->showMessage(
                    tr("%1: its settings are restored (seed %2). Press Generate to make it again.")
                        .arg(name)
                        .arg(opened.settings->seed()),
                    8000);
            } else {
                statusBar()->showMessage(tr("%1 has no generation settings to restore.").arg(name),
                                         8000);
            }
            Q_EMIT imageFileOpened(opened.path, opened.settings.has_value());
        });
}

void MainWindow::saveSettings() {
    settings_.lastGeneration = promptPanel_->settings();
    settings_.windowGeometry = saveGeometry();
    settings_.windowState = saveState();
    QSettings store;
    settings_.save(store);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace pixart::ui
