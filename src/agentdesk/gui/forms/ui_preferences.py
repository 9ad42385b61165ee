# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'preferences.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_PreferencesDialog(object):
    def setupUi(self, PreferencesDialog):
        if not PreferencesDialog.objectName():
            PreferencesDialog.setObjectName(u"PreferencesDialog")
        PreferencesDialog.resize(420, 210)
        self.main_layout = QVBoxLayout(PreferencesDialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(18, 16, 18, 14)
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.language_label = QLabel(PreferencesDialog)
        self.language_label.setObjectName(u"language_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.language_label)

        self.language_combo = QComboBox(PreferencesDialog)
        self.language_combo.setObjectName(u"language_combo")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.language_combo)

        self.theme_label = QLabel(PreferencesDialog)
        self.theme_label.setObjectName(u"theme_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.theme_label)

        self.theme_combo = QComboBox(PreferencesDialog)
        self.theme_combo.setObjectName(u"theme_combo")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.theme_combo)


        self.main_layout.addLayout(self.form)

        self.language_hint = QLabel(PreferencesDialog)
        self.language_hint.setObjectName(u"language_hint")
        self.language_hint.setWordWrap(True)

        self.main_layout.addWidget(self.language_hint)

        self.spacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.spacer)

        self.buttons = QDialogButtonBox(PreferencesDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.language_label.setBuddy(self.language_combo)
        self.theme_label.setBuddy(self.theme_combo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PreferencesDialog)

        QMetaObject.connectSlotsByName(PreferencesDialog)
    # setupUi

    def retranslateUi(self, PreferencesDialog):
        PreferencesDialog.setWindowTitle(QCoreApplication.translate("PreferencesDialog", u"Preferences", None))
        self.language_label.setText(QCoreApplication.translate("PreferencesDialog", u"Language", None))
        self.theme_label.setText(QCoreApplication.translate("PreferencesDialog", u"Theme", None))
        self.language_hint.setText(QCoreApplication.translate("PreferencesDialog", u"The language is saved in the settings file ([user] language) and applies at once.", None))
    # retranslateUi

