# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'about.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QHBoxLayout, QLabel, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.resize(440, 220)
        self.main_layout = QHBoxLayout(AboutDialog)
        self.main_layout.setSpacing(18)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(20, 18, 20, 14)
        self.icon_label = QLabel(AboutDialog)
        self.icon_label.setObjectName(u"icon_label")
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.main_layout.addWidget(self.icon_label)

        self.text_layout = QVBoxLayout()
        self.text_layout.setSpacing(6)
        self.text_layout.setObjectName(u"text_layout")
        self.name_label = QLabel(AboutDialog)
        self.name_label.setObjectName(u"name_label")

        self.text_layout.addWidget(self.name_label)

        self.version_label = QLabel(AboutDialog)
        self.version_label.setObjectName(u"version_label")

        self.text_layout.addWidget(self.version_label)

        self.description_label = QLabel(AboutDialog)
        self.description_label.setObjectName(u"description_label")
        self.description_label.setWordWrap(True)

        self.text_layout.addWidget(self.description_label)

        self.spacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.text_layout.addItem(self.spacer)

        self.buttons = QDialogButtonBox(AboutDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.text_layout.addWidget(self.buttons)


        self.main_layout.addLayout(self.text_layout)


        self.retranslateUi(AboutDialog)

        QMetaObject.connectSlotsByName(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"About agentdesk", None))
        self.name_label.setText(QCoreApplication.translate("AboutDialog", u"agentdesk", None))
        self.description_label.setText(QCoreApplication.translate("AboutDialog", u"The contact-center agent's desktop for customer email: reply, forward, transfer, consult, review.", None))
    # retranslateUi

