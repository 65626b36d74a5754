// The studio's window. A switchboard only: it creates the panels and the inference thread and
// connects their signals; the work lives in the panels, models and GenerationWorker.
#pragma once

#include <QMainWindow>
#include <memory>

#include "api/model_info.h"
#include "inference/GenerationOutcome.h"
#include "settings/StudioOptions.h"
#include "settings/StudioSettings.h"

class QAction;
class QDockWidget;
class QStackedWidget;

namespace pixart::ui {

class GalleryModel;
class GalleryPanel;
class HistoryModel;
class HistoryPanel;
class ImageLibrary;
class InferenceThread;
class JobQueueModel;
class ImageInfoPanel;
class LoraPanel;
class PreviewView;
class PromptPanel;
class QueuePanel;
class WelcomePage;
struct GenerationSettings;
struct LibraryEntry;

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    MainWindow(const StudioSettings& settings, const StudioOptions& options,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    PromptPanel* promptPanel() const { return promptPanel_; }
    PreviewView* previewView() const { return previewView_; }
    const StudioSettings& studioSettings() const { return settings_; }

    void openModel(const QString& path);
    void generate();
    // Images given on the command line or dropped: the first that can be read is shown in the
    // preview and the settings it was made with are restored; read off the GUI thread.
    void openImageFiles(const QStringList& paths);

  Q_SIGNALS:
    void imageSaved(const QString& path);  // a finished image reached the library
    void imageFileOpened(const QString& path, bool settingsFound);  // openImageFiles is done
    void libraryOpened(const QString& warning);  // the output folder's library is ready

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildMenus();
    void setGenerateEnabled(bool enabled);    // the panel's button, the menu, the toolbar
    void setGenerationRunning(bool running);  // Cancel in all three
    void connectWorker();
    void connectLibrary();
    void modelLoaded(const pixart::ModelInfo& info);
    void modelFailed(const QString& message);
    void jobCompleted(const GenerationOutcome& outcome);
    void useSettings(const GenerationSettings& settings);
    // Variations of / Refine for print from a library image: the panel is set up and queued.
    void startFromImage(const LibraryEntry& entry, bool refine);
    void showSettings();
    void exportCurrent();
    void exportEntry(const LibraryEntry& entry);  // the export dialog for this image
    void openViewer(int row);
    void chooseModelFolder();
    void saveSettings();
    // Opens (creates, migrates, repairs) the output folder's library on the thread pool — a
    // repair of a large history takes seconds — and hands it to the models when ready.
    void openLibrary(const QString& folder);
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& name,
                         Qt::DockWidgetArea area);

    StudioSettings settings_;
    bool generateWhenLoaded_ = false;
    bool hasModel_ = false;
    pixart::ModelInfo modelInfo_;

    InferenceThread* inference_ = nullptr;
    std::shared_ptr<ImageLibrary> library_;  // null until opened (off the GUI thread)
    bool libraryOpening_ = false;
    QString libraryFolderOpening_;
    QList<GenerationOutcome> outcomesWaitingForLibrary_;  // finished before it opened
    JobQueueModel* queueModel_ = nullptr;
    GalleryModel* galleryModel_ = nullptr;
    HistoryModel* historyModel_ = nullptr;

    QStackedWidget* pages_ = nullptr;
    QAction* generateAction_ = nullptr;  // Generate: the window's primary action
    QAction* cancelAction_ = nullptr;
    WelcomePage* welcome_ = nullptr;
    PromptPanel* promptPanel_ = nullptr;
    PreviewView* previewView_ = nullptr;
    GalleryPanel* galleryPanel_ = nullptr;
    HistoryPanel* historyPanel_ = nullptr;
    QueuePanel* queuePanel_ = nullptr;
    LoraPanel* loraPanel_ = nullptr;
    ImageInfoPanel* infoPanel_ = nullptr;
    QMenu* viewMenu_ = nullptr;
};

}  // namespace pixart::ui
